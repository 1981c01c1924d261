/**
 * Problems are data: every problem found in rule files is a Diagnostic with a
 * code from a closed set, a Dutch message and a position. Loaders collect them
 * all; only bugs and I/O failures throw.
 */
import { problemPlace, sortProblems, type Problem } from '../base/problem.js';

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

/** A loader's problem (base/problem.ts), with a pointer into the file's data where known. */
export interface Diagnostic extends Problem<DiagnosticCode> {
  /** JSON pointer into the file's data, where known. */
  pointer?: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${problemPlace(d)} ${d.message} [${d.code}]`;
}

export const sortDiagnostics = (list: Diagnostic[]): Diagnostic[] => sortProblems(list);

/** The diagnostic of a version that loads but does not compile, on its ruleset.yaml as a whole. */
export const compileFailure = (dir: string, error: string): Diagnostic => ({ code: 'bad_value', message: `compileren mislukt: ${error}`, file: `${dir}/ruleset.yaml`, line: 0, column: 0 });

/** A JSON pointer (RFC 6901) for a data path (src/base/json-pointer.ts). */
export { toPointer } from '../base/json-pointer.js';

export function fromPointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
