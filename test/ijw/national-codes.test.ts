/**
 * A JW325 carries only the standard's return codes: every rejecting rule of RAP
 * declaratie names one of the list, and a rule that is not itself a national
 * technical rule says in its note which national code it answers with and why.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RETOURCODES } from '../../src/ijw/structure.js';
import { SHIPPED_RULES_DIR } from '../../src/evaluate/project.js';

interface Rule { id: string; source: string; note?: string; then: { type: string; code?: string } }

const versions = readdirSync(join(SHIPPED_RULES_DIR, 'rap'));

describe('national return codes in the rule files', () => {
  it.each(versions)('RAP %s: every rejecting rule names a code from the standard\'s list; a regional one explains it', (v) => {
    const doc = parse(readFileSync(join(SHIPPED_RULES_DIR, 'rap', v, 'decisions', 'declaratie.yaml'), 'utf8')) as { rules: Rule[] };
    const afkeur = doc.rules.filter((r) => r.then.type === 'afkeur');
    expect(afkeur.length).toBeGreaterThan(10);
    for (const r of afkeur) {
      expect([r.id, RETOURCODES.includes(r.then.code ?? '')]).toEqual([r.id, true]);
      const national = new RegExp(`^iJw 3\\.2 TR\\d+`).test(r.source);
      if (!national) expect([r.id, r.note ?? '']).toEqual([r.id, expect.stringContaining(`Retourcode ${r.then.code}`)]);
    }
  });
});
