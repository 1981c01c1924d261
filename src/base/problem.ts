/**
 * One shape for a problem in a rule file: a code, a Dutch message and where it
 * is (file:line:col, 1-based; 0 for the file as a whole). The loader's
 * diagnostics (load/diagnostics.ts, codes of their own and an optional pointer
 * into the file's data), the static checks' findings (check/finding.ts, with a
 * severity) and failed test cases (code `test_failed`) are each a Problem; one
 * order, one way to print the place and one way to point at the file as the
 * request sent it serve them all.
 */
export interface Problem<C extends string = string> {
  code: C;
  message: string;
  /** Path relative to the rules root (or as given), with forward slashes. */
  file: string;
  line: number;
  column: number;
}

/** "file:line:col", the place every problem is printed and answered with. */
export const problemPlace = (p: Pick<Problem, 'file' | 'line' | 'column'>): string => `${p.file}:${p.line}:${p.column}`;

/** Problems in file order: file, line, column, then message. */
export function sortProblems<T extends Pick<Problem, 'file' | 'line' | 'column' | 'message'>>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.message.localeCompare(b.message));
}

/**
 * The JSON pointer into the request as sent for a problem in `file`: `<filesAt>/<i>/text` for a file the
 * request carried, else `elsewhere` (the field that named the version or proposal whose stored file has it).
 */
export function sentFilePointer(sent: readonly { path: string }[], filesAt: string, elsewhere: string): (file: string) => string {
  return (file) => {
    const i = sent.findIndex((f) => f.path === file);
    return i >= 0 ? `${filesAt}/${i}/text` : elsewhere;
  };
}
