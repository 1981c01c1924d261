/** The hostile inputs of issue 12, as texts and bodies the fuzzer sends (each also a regression probe). */

/** `n` anchors, each aliased once: the YAML of issue 12 (30,000 anchors is about 600 KB). */
export function yamlAnchors(n: number): string {
  let s = 'id: beroepen\nrows:\n';
  for (let i = 0; i < n; i++) s += `  - &a${i} x\n  - *a${i}\n`;
  return s;
}

/** Billion laughs: ten levels of ten aliases. */
export function billionLaughs(): string {
  const lines = ['id: beroepen', 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= 9; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
  return lines.join('\n') + '\nrows: *a9\n';
}

/** `- - - ... x`: block nesting that exhausts yaml's composer. */
export const deepBlockYaml = (n: number) => 'rows:\n  ' + '- '.repeat(n) + 'x\n';

/** A decision file whose derived expression is `expr`. */
export const decisionWithExpr = (expr: string) =>
  `id: tariefgroep\ntitle: t\nfacts: rtp-tariefgroep\nreferenceDate: datum\noutcomes: [TG3]\nderived:\n  groep:\n    expr: ${JSON.stringify(expr)}\nrules: []\ndefault:\n  id: rtp.tariefgroep.overleg\n  title: t\n  source: s\n  then: { outcome: TG3, type: voorwaarde, message: m }\n`;

export const EXPR_ATTACKS = ['constructor(1)', 'hasOwnProperty(x)', '__proto__', 'toString(1)', 'a.__proto__.b', '('.repeat(10_000) + '1' + ')'.repeat(10_000), 'not '.repeat(5_000) + 'x', Array(3_000).fill('1').join('+')];

/** An evaluate request with `n` wrong-typed list items (each an error): 200,000 is about 0.8 MB. */
export function wrongTypedItems(n: number): Record<string, unknown> {
  return {
    protocol: 'RTP', decision: 'toewijzing',
    facts: {
      verwijzer: { type: '02' },
      toewijzing: { vorm: 'keuzebudget', budget: 250000, ingangsdatum: '2025-02-01', einddatum: '2025-12-31', productCategorie: '45' },
      lopendeToewijzingen: Array(n).fill('x'),
    },
  };
}

/** JSON nested `depth` arrays deep, as text (JSON.stringify of it would overflow the fuzzer's own stack). */
export const deepJson = (depth: number) => '{"protocol":"RTP","decision":"tariefgroep","facts":' + '['.repeat(depth) + ']'.repeat(depth) + '}';

export const draftOf = (files: { path: string; text: string }[]) => ({ protocol: 'RTP', baseVersion: '2.0', files });
