/**
 * "Verwachte uitkomst bijwerken": a failing test case whose expectations no longer hold because
 * the author changed the rules on purpose gets the version's answers as its new expectations,
 * written into the test file (canonical YAML, amounts in cents).
 */
import { editYaml, flowNode } from './yaml-edit.js';

export interface ExpectFix { path: (string | number)[]; label: string; expected: unknown; actual: unknown; money: boolean }

/** The test file's text with case `index` expecting what the version answers now. */
export function applyFixes(text: string, index: number, fixes: ExpectFix[]): string {
  return editYaml(text, (doc) => {
    for (const f of fixes) doc.setIn(['cases', index, ...f.path], flowNode(doc, f.actual));
  });
}
