/**
 * Line edits of a ruleset.yaml that keep every untouched line as it was, so
 * `git diff` between versions shows only the metadata that really changed.
 * Falls back to re-serialising the document when the file has an unusual shape.
 */
import { parse, parseDocument, stringify } from 'yaml';

type Scalar = string | null;

const render = (v: Scalar) => (v === null ? 'null' : stringify(v, { lineWidth: 0 }).trimEnd());

/** Sets top-level scalar keys and appends changelog entries. */
export function editRuleset(text: string, set: Record<string, Scalar>, changelog: Record<string, unknown>[]): string {
  let lines = text.replace(/\n$/, '').split('\n');
  for (const [key, value] of Object.entries(set)) {
    const i = lines.findIndex((l) => l.startsWith(`${key}:`));
    const line = `${key}: ${render(value)}`;
    if (i >= 0) lines[i] = line;
    else lines.push(line);
  }
  if (changelog.length) {
    const entries = stringify(changelog, { lineWidth: 0, flowCollectionPadding: true }).trimEnd().split('\n').map((l) => `  ${l}`);
    const i = lines.findIndex((l) => /^changelog:/.test(l));
    if (i < 0) lines.push('changelog:', ...entries);
    else {
      if (/^changelog:\s*\[\s*\]\s*$/.test(lines[i])) lines[i] = 'changelog:';
      let end = i + 1;
      while (end < lines.length && (lines[end].startsWith(' ') || lines[end].startsWith('-') || lines[end].trim() === '')) end++;
      lines = [...lines.slice(0, end), ...entries, ...lines.slice(end)];
    }
  }
  const out = lines.join('\n') + '\n';
  // Check the edit meant what we wanted; otherwise let the YAML library do it.
  try {
    const data = parse(out) as Record<string, unknown>;
    const before = (parse(text) as Record<string, unknown>).changelog;
    const ok = Object.entries(set).every(([k, v]) => String(data[k] ?? null) === String(v)) &&
      Array.isArray(data.changelog) && data.changelog.length === (Array.isArray(before) ? before.length : 0) + changelog.length;
    if (ok) return out;
  } catch { /* fall through */ }
  const doc = parseDocument(text);
  for (const [k, v] of Object.entries(set)) doc.set(k, v);
  if (!doc.has('changelog')) doc.set('changelog', []);
  for (const c of changelog) doc.addIn(['changelog'], doc.createNode(c));
  return doc.toString({ lineWidth: 0 });
}
