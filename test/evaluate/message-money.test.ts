/** Messages print money the way staff read it: `{name:euro}` turns integer cents into Dutch euros; an unknown format is a load error. */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/evaluate/evaluate.js';
import { readRuleFiles } from '../../src/load/rule-source.js';
import { loadProject, SHIPPED_RULES_DIR } from '../../src/evaluate/project.js';
import { euroText, placeholderText } from '../../src/base/money-text.js';
import { miniRules, withFile } from '../helpers/rule-tree.js';

describe('money in messages', () => {
  it('the RTP 2.0 budget calculation names the amount and the standard budget in euros, not cents', async () => {
    const { registry } = loadProject(readRuleFiles(SHIPPED_RULES_DIR));
    const r = await evaluate(registry, {
      protocol: 'RTP', decision: 'budgetberekening',
      facts: { berekendOp: '2025-01-15', modus: 'nieuw', uren: [{ tariefgroep: 'TG3', uren: 20 }, { tariefgroep: 'TG5', uren: 5 }] },
    }, { today: '2025-01-15' });
    const event = r.events.find((e) => e.rule === 'rtp.budgetberekening.berekend');
    expect(event?.message).toBe('Budget € 2.059,20; standaardbudget: € 2.500,00.');
    // The params stay integer cents for systems.
    expect(event?.params).toMatchObject({ bedrag: 205920, standaardbudget: 250000 });
  });

  it('prints a text value as it is, and no value as "niet opgegeven"', () => {
    expect(placeholderText('offerte', 'euro')).toBe('offerte');
    expect(placeholderText(null, 'euro')).toBe('niet opgegeven');
    expect(placeholderText(12.5, 'euro')).toBe('12.5');
    expect(euroText(123456789)).toBe('€ 1.234.567,89');
    expect(euroText(-7904)).toBe('-€ 79,04');
  });

  it('refuses an unknown format in a message, at the message', () => {
    const files = miniRules();
    const path = [...files.keys()].find((p) => /decisions\/.+\.yaml$/.test(p) && /message:/.test(files.get(p)!))!;
    // The first placeholder of a message, e.g. {groep}, asked in a format that does not exist.
    const changed = withFile(files, path, (old) => old.replace(/(message: [^\n{]*)\{(\w+)\}/, '$1{$2:dollar}'));
    const problems = loadProject(changed).diagnostics.filter((d) => d.file === path);
    expect(problems.map((d) => d.code)).toEqual(['bad_value']);
    expect(problems[0].message).toMatch(/\{\w+:dollar\}; bekende opmaak: euro/);
  });
});
