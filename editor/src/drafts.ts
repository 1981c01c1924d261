/**
 * The author's draft of one version, kept in this browser (localStorage) on every
 * keystroke: the changed files, the proposal form (category, title, rationale) and,
 * once the server holds it as a concept, that proposal's id. A reload, a crash or a
 * server that is down loses nothing; a retry after a refused submission continues
 * the same concept instead of making a new one. Submitting clears it.
 */
import { now } from '../../src/base/clock.js';
import { currentUser } from './api.js';

export interface Draft {
  protocol: string;
  version: string;
  /** Changed files by path (only those that differ from the base version are sent). */
  files: Record<string, string>;
  category: string;
  title: string;
  rationale: string;
  /** The server-side concept this draft continues, once one exists. */
  proposalId: number | null;
  /** When this browser last stored it (ISO). */
  savedAt: string | null;
  /** When the server's concept last matched it (ISO), or null when it never did. */
  serverSavedAt: string | null;
  /** True when the draft changed after the server's concept was last updated. */
  aheadOfServer: boolean;
  /** The concept's revision on the server when this draft last matched it (sent as If-Match). */
  revision: string | null;
}

const PREFIX = 'protocolregels:concept:';
/** Drafts are kept per user: another user of this browser never loads them. */
const key = (protocol: string, version: string) => `${PREFIX}${currentUser?.username ?? '-'}:${protocol}/${version}`;
const userKeys = (username: string) => Object.keys(localStorage).filter((k) => k.startsWith(`${PREFIX}${username}:`));

/** A concept as the server holds it (GET /api/v1/proposals/{id}), in the parts a draft keeps. */
export interface ServerConcept { id: number; category: string; title: string; rationale: string; revision: string; files: { path: string; text: string }[] }

/** The draft takes the server's concept: its files, form fields and revision; nothing is ahead of the server after. */
export function followConcept(d: Draft, c: ServerConcept): Draft {
  return Object.assign(d, {
    files: Object.fromEntries(c.files.map((f) => [f.path, f.text])), category: c.category, title: c.title, rationale: c.rationale,
    proposalId: c.id, revision: c.revision, aheadOfServer: false,
  });
}

export function emptyDraft(protocol: string, version: string): Draft {
  return { protocol, version, files: {}, category: 'verwerken', title: '', rationale: '', proposalId: null, savedAt: null, serverSavedAt: null, aheadOfServer: false, revision: null };
}

export function loadDraft(protocol: string, version: string): Draft {
  try {
    const raw = localStorage.getItem(key(protocol, version));
    if (raw) return { ...emptyDraft(protocol, version), ...(JSON.parse(raw) as Partial<Draft>) };
  } catch {
    // A damaged entry is treated as no draft.
  }
  return emptyDraft(protocol, version);
}

/** Stores the draft; returns false when the browser refused (storage full or disabled). */
export function saveDraft(d: Draft): boolean {
  try {
    d.savedAt = now().toISOString();
    localStorage.setItem(key(d.protocol, d.version), JSON.stringify(d));
    return true;
  } catch {
    return false;
  }
}

export function clearDraft(protocol: string, version: string) {
  localStorage.removeItem(key(protocol, version));
}

/** Whether the draft holds anything an author would miss. */
export const hasContent = (d: Draft, changedFiles: number) => changedFiles > 0 || !!d.title.trim() || !!d.rationale.trim() || d.proposalId !== null;

/** Every draft of a user kept in this browser. */
export function draftsOf(username: string): Draft[] {
  return userKeys(username).flatMap((k) => {
    try {
      return [JSON.parse(localStorage.getItem(k) ?? 'null') as Draft].filter((d) => d && typeof d === 'object' && d.files);
    } catch {
      return [];
    }
  });
}

/** A draft with work that exists only in this browser (not yet, or not all, in a concept on the server). */
export const onlyHere = (d: Draft) => hasContent(d, Object.keys(d.files).length) && (d.proposalId === null || d.aheadOfServer);

/**
 * Removes every draft of the user from this browser: at logout, so the next person at this
 * computer finds none of it (what is saved as a concept stays on the server).
 */
export function clearDraftsOf(username: string) {
  for (const k of userKeys(username)) localStorage.removeItem(k);
}
