import type { RuleSetVersion } from '../load/model.js';
import type { CaseResult } from './run-tests.js';

export interface CoverageRow {
  protocol: string;
  version: string;
  decision: string;
  rule: string;
  fires: number;
  doesNotFire: number;
}

/** Per rule (defaults included): how many passing cases assert that it fires, and that it does not. */
export function coverage(versions: RuleSetVersion[], results: CaseResult[]): CoverageRow[] {
  const rows: CoverageRow[] = [];
  for (const v of versions) {
    for (const d of v.decisions) {
      for (const id of [...d.rules.map((r) => r.id), d.default.id]) {
        const mine = results.filter((r) => r.passed && r.protocol === v.meta.protocol && r.version === v.meta.version && r.decision === d.id);
        rows.push({
          protocol: v.meta.protocol, version: v.meta.version, decision: d.id, rule: id,
          fires: mine.filter((r) => r.assertsFired.includes(id)).length,
          doesNotFire: mine.filter((r) => r.assertsNotFired.includes(id)).length,
        });
      }
    }
  }
  return rows;
}

export function untested(rows: CoverageRow[]): CoverageRow[] {
  return rows.filter((r) => r.fires === 0 || r.doesNotFire === 0);
}

export function coverageMarkdown(rows: CoverageRow[]): string {
  const lines = [
    '# Testdekking van de regels',
    '',
    'Gegenereerd door `npx protocolregels coverage --write`; niet met de hand bewerken.',
    'Per regel: het aantal geslaagde testgevallen dat vaststelt dat de regel afgaat, en dat hij niet afgaat.',
    '',
    `Regels: ${rows.length}; zonder volledige test: ${untested(rows).length}.`,
    '',
    '| protocol | versie | beslissing | regel | gaat af | gaat niet af |',
    '|---|---|---|---|---:|---:|',
    ...rows.map((r) => `| ${r.protocol} | ${r.version} | ${r.decision} | \`${r.rule}\` | ${r.fires} | ${r.doesNotFire} |`),
    '',
  ];
  return lines.join('\n');
}
