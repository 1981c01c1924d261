/**
 * How the canonical form of a rule file is printed (yaml's toString options): the formatter uses
 * them, and so does every edit the editor makes to a file (the table grid, "verwachte uitkomst
 * bijwerken"), so an edit reads in git as only the lines it changed. No dependencies: the editor
 * bundles it.
 */
export const CANONICAL_PRINT = { indent: 2, indentSeq: true, lineWidth: 0, minContentWidth: 0, singleQuote: false, flowCollectionPadding: true, defaultStringType: 'PLAIN', defaultKeyType: 'PLAIN' } as const;
