import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/evaluate/evaluate.js';
import { ApiError } from '../../src/base/errors.js';
import { httpStatus } from '../../src/server/errors.js';
import { loadProject } from '../../src/evaluate/project.js';
import { miniRules } from '../helpers/rule-tree.js';

// Fixture: RTP 1.0 werkdocument 2023-01-01..2024-12-31 (therapeut TG4),
// 2.0 vastgesteld 2025-01-01..2025-12-31 (therapeut TG3), 2.1 concept from 2026-01-01.
const project = loadProject(miniRules());
const therapeut = (datum: string) => ({ functie: 'therapeut', caoSchaal: 8, datum });
const ask = (datum: string, extra: { version?: string; date?: string } = {}) =>
  evaluate(project.registry, { protocol: 'RTP', decision: 'tariefgroep', facts: therapeut(datum), ...extra });

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

describe('choosing the version in force', () => {
  it('has loaded the fixture without problems', () => {
    expect(project.diagnostics).toEqual([]);
  });

  it('uses no version the day before the first validFrom', async () => {
    const e = await failure(ask('2022-12-31'));
    expect(httpStatus(e)).toBe(422);
    expect(e.code).toBe('no_version_in_force');
    expect(e.details[0].pointer).toBe('/facts/datum');
  });

  it('uses 1.0 on its validFrom and on its validTo', async () => {
    expect(await ask('2023-01-01')).toMatchObject({ version: '1.0', outcome: 'TG4', date: '2023-01-01' });
    expect(await ask('2024-12-31')).toMatchObject({ version: '1.0', outcome: 'TG4' });
  });

  it('switches to 2.0 on its validFrom, the day after 1.0 ends', async () => {
    expect(await ask('2025-01-01')).toMatchObject({ version: '2.0', outcome: 'TG3' });
  });

  it('uses 2.0 on its validTo and nothing after it while the successor is a concept', async () => {
    expect(await ask('2025-12-31')).toMatchObject({ version: '2.0' });
    const e = await failure(ask('2026-01-01'));
    expect(e.code).toBe('no_version_in_force');
  });

  it('evaluates a concept version only when pinned', async () => {
    const r = await ask('2026-03-01', { version: '2.1' });
    expect(r).toMatchObject({ version: '2.1', outcome: 'TG3' });
  });

  it('lets an explicit date win over the reference-date fact', async () => {
    expect(await ask('2025-06-01', { date: '2024-06-01' })).toMatchObject({ version: '1.0', date: '2024-06-01', outcome: 'TG4' });
  });

  it('answers with the content hash of the version applied', async () => {
    const a = await ask('2024-06-01');
    const b = await ask('2025-06-01');
    expect(a.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(a.contentHash).not.toBe(b.contentHash);
    expect(a.contentHash).toBe(project.registry.get('RTP', '1.0')!.contentHash);
  });

  it('names unknown protocols, versions and decisions', async () => {
    expect((await failure(evaluate(project.registry, { protocol: 'XYZ', decision: 'tariefgroep', facts: therapeut('2025-01-01') }))).code).toBe('unknown_protocol');
    expect((await failure(ask('2025-01-01', { version: '9.9' }))).code).toBe('unknown_version');
    const e = await failure(evaluate(project.registry, { protocol: 'RTP', decision: 'declaratie', facts: {} }));
    expect([httpStatus(e), e.code]).toEqual([404, 'unknown_decision']);
  });

  it('lists every facts problem with its JSON pointer', async () => {
    const e = await failure(evaluate(project.registry, { protocol: 'RTP', decision: 'tariefgroep', facts: { functie: 7, caoSchaal: 'tien', datum: '2025-02-30', extra: 1 } }));
    expect(httpStatus(e)).toBe(400);
    expect(e.code).toBe('invalid_facts');
    expect(e.details.map((d) => d.pointer).sort()).toEqual(['/facts/caoSchaal', '/facts/datum', '/facts/extra', '/facts/functie']);
  });
});
