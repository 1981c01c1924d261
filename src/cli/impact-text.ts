/**
 * The impact report as text for the command line: the same figures as `--json`, money
 * included (declared amounts now refused or approved, and every answer whose amount
 * changed, by rule and by tariff group), in Dutch with euros written the Dutch way.
 */
import type { ImpactReport } from '../impact/types.js';
import { euroChange, euroText } from '../base/money-text.js';

const answers = (n: number) => `${n} ${n === 1 ? 'antwoord' : 'antwoorden'}`;

export function formatImpactText(r: ImpactReport): string {
  const a = r.amounts;
  const lines = [
    `Impact van ${r.from} -> ${r.to} op ${r.evaluated} ${r.protocols.join('/')}-casussen (${r.cases} in het corpus): ${r.changed} antwoorden veranderen.`,
    '',
    'Overgangen:',
    ...(r.transitions.length ? r.transitions.map((t) => `  ${t.from} -> ${t.to}: ${t.count} (bijv. ${t.examples.map((e) => e.id).join(', ')})`) : ['  geen']),
    '',
    'Per regel (gaat nu af / gaat niet meer af):',
    ...(r.byRule.length ? r.byRule.map((x) => `  ${x.rule}: +${x.firesNow} / -${x.stopsFiring}`) : ['  geen']),
    '',
    'Per retourcode (erbij / eraf):',
    ...(r.byCode.length ? r.byCode.map((x) => `  ${x.code}: +${x.added} / -${x.removed}`) : ['  geen']),
    '',
    ...(r.skipped.count ? [`Overgeslagen regels (geen verzoek): ${r.skipped.count}, bijv. ${r.skipped.examples.map((s) => `regel ${s.line}: ${s.message}`).join('; ')}`, ''] : []),
    'Geld:',
    `  Declaraties: ${euroText(r.money.nuAfgekeurd)} wordt nu afgekeurd, ${euroText(r.money.nuGoedgekeurd)} wordt nu goedgekeurd; netto ${euroChange(r.money.netto)} aan uitbetaling.`,
    `  Bedragen: ${answers(a.changed)} met een ander bedrag, samen ${euroChange(a.delta)}.`,
    ...(a.byRule.length ? ['  Per regel:', ...a.byRule.map((x) => `    ${x.rule}: ${answers(x.changed)}, ${euroChange(x.delta)}`)] : []),
    ...(a.byTariefgroep.length ? ['  Per tariefgroep:', ...a.byTariefgroep.map((x) => `    ${x.tariefgroep === 'geen' ? 'geen tariefgroep' : x.tariefgroep}: ${answers(x.changed)}, ${euroChange(x.delta)}`)] : []),
    '',
    `${r.evaluated} casussen in ${r.seconds.toFixed(1)} s (${Math.round(r.casesPerSecond)} per seconde, twee versies per casus).`,
  ];
  return lines.join('\n');
}
