/**
 * Problems are data: every problem found in rule files is a Diagnostic with a
 * code from a closed set, a Dutch message and a position. Loaders collect them
 * all; only bugs and I/O failures throw.
 */
export type DiagnosticCode =
  | 'yaml_syntax'
  /** A file or expression over a configured parse limit (src/base/parse-limits.ts). */
  | 'limit_exceeded'
  | 'schema'
  | 'duplicate_id'
  | 'unknown_fact'
  | 'unknown_table'
  | 'unknown_column'
  | 'unknown_function'
  | 'bad_expression'
  | 'unknown_outcome'
  | 'unknown_decision'
  | 'unknown_rule'
  | 'bad_row'
  | 'bad_dates'
  | 'overlapping_versions'
  | 'cycle'
  | 'missing_file'
  | 'bad_value'
  | 'missing_meaning'
  | 'inconsistent'
  | 'test_failed';

export interface Diagnostic {
  code: DiagnosticCode;
  message: string;
  /** Path relative to the rules root (or as given), with forward slashes. */
  file: string;
  /** 1-based line and column; 0 when the problem concerns the file as a whole. */
  line: number;
  column: number;
  /** JSON pointer into the file's data, where known. */
  pointer?: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column} ${d.message} [${d.code}]`;
}

export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.message.localeCompare(b.message),
  );
}

/** A JSON pointer (RFC 6901) for a data path (src/base/json-pointer.ts). */
export { toPointer } from '../base/json-pointer.js';

export function fromPointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
