/**
 * Changes that can never take effect. A version answers only for dates from its own start
 * (`validFrom`); an earlier date is answered by the version in force then. So a table row whose
 * period ends before the new version starts (the 2025 tariff changed in a version from 2028) is
 * changed, added or removed for nothing: no answer will ever read it. Adoption refuses such a
 * change (`change_without_effect`); the editor, the submit answer and the review page name it.
 * Rules, derived facts and rows without an end date apply to every date the version answers.
 */
import { dateText } from '../base/date-text.js';
import type { RowRef, SemanticDiff } from './semantic-diff.js';

export interface ChangeWithoutEffect {
  change: 'added' | 'removed' | 'changed';
  table: string;
  /** The table's file and the row's line (old version's for a removed row). */
  file: string;
  line: number;
  key: Record<string, unknown>;
  from?: string;
  /** The last day the row covers (for a changed row: the later of its old and new end). */
  until: string;
  /** The first day of the version that would carry the change. */
  startsOn: string;
  message: string;
}

const WORD = { added: 'toegevoegd', removed: 'verwijderd', changed: 'gewijzigd' } as const;

function cellText(v: unknown): string {
  if (v && typeof v === 'object') {
    const { min, max } = v as { min?: unknown; max?: unknown };
    return min !== undefined && max !== undefined ? `${String(min)} t/m ${String(max)}` : min !== undefined ? `vanaf ${String(min)}` : `t/m ${String(max)}`;
  }
  return String(v);
}

const keyText = (key: Record<string, unknown>) => Object.entries(key).filter(([, v]) => v !== null).map(([k, v]) => `${k} ${cellText(v)}`).join(', ');

/** The later of two end dates; undefined/null is open-ended (never ends). */
function laterEnd(a: string | null | undefined, b: string | null | undefined): string | null {
  if (!a || !b) return null;
  return a > b ? a : b;
}

/**
 * Rows of a diff that end before `startsOn`, each with a Dutch message naming table, row, file:line and both dates.
 * `earliest`: `startsOn` is the earliest possible start (a proposal not yet adopted), not the start chosen.
 */
export function changesWithoutEffect(rows: SemanticDiff['rows'], startsOn: string, earliest = false): ChangeWithoutEffect[] {
  const out: ChangeWithoutEffect[] = [];
  const check = (change: ChangeWithoutEffect['change'], r: RowRef, until: string | null) => {
    if (until === null || until >= startsOn) return;
    const period = `${r.from ? `van ${dateText(r.from)} ` : ''}t/m ${dateText(until)}`;
    out.push({
      change, table: r.table, file: r.file, line: r.line, key: r.key, ...(r.from ? { from: r.from } : {}), until, startsOn,
      message: `rij ${keyText(r.key) || '(zonder sleutel)'} in tabel ${r.table} (${r.file}, regel ${r.line}) is ${WORD[change]}, maar geldt ${period}: vóór ${dateText(startsOn)}, de ${earliest ? 'vroegst mogelijke ' : ''}ingangsdatum van de nieuwe versie. Die periode beantwoordt de versie die dan geldt, dus deze wijziging heeft nooit effect. Voeg een rij toe die op of na ${dateText(startsOn)} ingaat.`,
    });
  };
  for (const r of rows.added) check('added', r, r.until ?? null);
  for (const r of rows.removed) check('removed', r, r.until ?? null);
  for (const r of rows.changed) check('changed', r, laterEnd(r.until, r.untilBefore === undefined ? r.until : r.untilBefore));
  return out;
}
