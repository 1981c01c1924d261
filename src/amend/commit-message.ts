/**
 * Every commit and tag message the procedure writes to the rules repository,
 * and the names in its author and tagger lines, built here from single-line
 * fields. Text a user typed (a title, a rationale, a name) can then never start
 * a line of its own in `git log`: no second "Voorstel" subject, no forged
 * `Signed-off-by:` trailer, no header line in a tag object.
 *
 * A message is a subject line plus items, each item one line `- <field text>`
 * (a line starting with "- " is never a trailer). Fields lose control
 * characters, line and paragraph separators and bidirectional overrides, and
 * are cut to a bounded length. The stored records keep the text as it was sent.
 */
import type { GitIdentity } from './git.js';

declare const built: unique symbol;
/** A message made by commitMessage(); RulesRepo.commit and makeTag take nothing else. */
export type CommitMessage = string & { readonly [built]: true };

export const SUBJECT_MAX = 200;
export const ITEM_MAX = 500;

// C0 and C1 controls (line feed, carriage return, tab, NUL, NEL...), line and paragraph separators,
// bidirectional embeddings, overrides and isolates, and lone surrogates (git refuses invalid UTF-8).
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** One line of at most `max` characters (code points): unsafe characters become spaces, runs of spaces one. */
export function singleLine(text: string, max: number): string {
  const flat = String(text).replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** `subject`, then (when there are items) an empty line and one `- item` line per item. */
export function commitMessage(subject: string, items: string[] = [], trailers: Record<string, string> = {}): CommitMessage {
  const head = singleLine(subject, SUBJECT_MAX) || '(zonder titel)';
  const body = items.map((i) => `- ${singleLine(i, ITEM_MAX)}`);
  // Trailers are the code's own (a fixed key, a value such as a hash), never typed text: one line each, last.
  const tail = Object.entries(trailers).map(([k, v]) => `${singleLine(k, 50)}: ${singleLine(v, ITEM_MAX)}`);
  return `${head}\n${body.length ? `\n${body.join('\n')}\n` : ''}${tail.length ? `\n${tail.join('\n')}\n` : ''}` as CommitMessage;
}

/** The identity as git may write it: a one-line name without `<` or `>`, an address without spaces. */
export function safeIdentity(who: GitIdentity): GitIdentity {
  const name = singleLine(who.name.replace(/[<>]/g, ' '), 100) || 'onbekend';
  const email = singleLine(who.email, 200).replace(/[<>\s]/g, '') || 'onbekend@protocolregels.invalid';
  return { name, email, time: who.time };
}
