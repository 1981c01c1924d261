/**
 * A version's contentHash: the sha256 of its rule files as adopted (as they
 * stand in its git tag), so it never changes once the version exists.
 *
 * How to recompute it from the tag (docs/content-hash.md):
 *   for every file of the version, sorted by its path relative to the version
 *   folder (`decisions/x.yaml`, `ruleset.yaml`, ...; JavaScript string order),
 *   feed `<relative path>\0<file text, UTF-8>\0` to sha256; the hash is
 *   `sha256:` + the hex digest.
 *
 * When a successor ends a version, the served view shows the derived end date
 * in its ruleset.yaml (src/amend/version-layout.ts: closeEndDates) on a line
 * that keeps the tagged line beside it:
 *   validTo: 2024-12-31 # afgeleid van de opvolger; in de tag: "validTo: null"
 * taggedText() undoes that line, so the hash of the view is the hash of the tag.
 */
import { createHash } from 'node:crypto';

const MARK = ' # afgeleid van de opvolger; in de tag: ';
/** The derived line: the new validTo, the mark, and the tagged line as a JSON string ("-" when the tag had none). */
const DERIVED_LINE = /^validTo: [0-9]{4}-[0-9]{2}-[0-9]{2} # afgeleid van de opvolger; in de tag: ("(?:[^"\\]|\\.)*"|-)(\r?)$/;

/** The ruleset line that shows a derived end date, remembering the tagged line (undefined: the tag had no validTo line). */
export function derivedValidToLine(validTo: string, tagged: string | undefined, cr = ''): string {
  return `validTo: ${validTo}${MARK}${tagged === undefined ? '-' : JSON.stringify(tagged)}${cr}`;
}

/** A file's text as tagged: a derived validTo line (see above) turned back into the tagged one. */
export function taggedText(text: string): string {
  if (!text.includes(MARK)) return text;
  const lines = text.split('\n');
  const out: string[] = [];
  for (const line of lines) {
    const m = DERIVED_LINE.exec(line);
    if (!m) out.push(line);
    else if (m[1] !== '-') out.push((JSON.parse(m[1]) as string) + m[2]);
    // "-": the tag had no validTo line; the derived one was added and is dropped again.
  }
  return out.join('\n');
}

/** The contentHash of a version's files (paths under `dir`), computed on their texts as tagged. */
export function versionContentHash(dir: string, files: ReadonlyMap<string, string>): string {
  const h = createHash('sha256');
  for (const path of [...files.keys()].sort()) {
    h.update(path.slice(dir.length + 1)).update('\0').update(taggedText(files.get(path)!)).update('\0');
  }
  return 'sha256:' + h.digest('hex');
}
