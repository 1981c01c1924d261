/**
 * POST /api/v1/drafts/mutate: the editor's Tests tab asks which changes to the draft's own changed
 * rules no case notices ("deze wijziging merkt geen test op"), with file:line:col
 * (src/testing/draft-mutation.ts, in the check pool).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { SHIPPED_RULES_DIR } from '../../src/evaluate/project.js';
import { app } from '../ijw/fixtures.js';

const a = app();
const PATH = 'rtp/2.0/decisions/toewijzing.yaml';
const shipped = readFileSync(join(SHIPPED_RULES_DIR, PATH), 'utf8');
const CONDITION = '        - { fact: ambulant, op: equal, value: true }\n';
const mutate = (text: string) => request(a).post('/api/v1/drafts/mutate').send({ protocol: 'RTP', baseVersion: '2.0', files: [{ path: PATH, text }] });

describe('rule mutation of a draft', () => {
  it('names each change to an added condition that no case notices, at its file:line:col, and only for the changed rule', async () => {
    const at = shipped.indexOf(CONDITION, shipped.indexOf('id: rtp.toewijzing.gi-altijd-offerte'));
    // A condition no case decides: every GI case starts after 2000, so dropping it or moving its date changes no answer.
    const text = `${shipped.slice(0, at + CONDITION.length)}        - { fact: toewijzing.ingangsdatum, op: dateOnOrAfter, value: 2000-01-01 }\n${shipped.slice(at + CONDITION.length)}`;
    const line = text.slice(0, at + CONDITION.length).split('\n').length;
    const r = await mutate(text);
    expect(r.status).toBe(200);
    expect(r.body.changed).toEqual(['rtp.toewijzing.gi-altijd-offerte']);
    expect(r.body.baselineFails).toBeUndefined();
    expect(r.body.survivors.length).toBeGreaterThan(0);
    expect(r.body.survivors.every((s: { target: string }) => s.target === 'rtp.toewijzing.gi-altijd-offerte')).toBe(true);
    const dropped = r.body.survivors.find((s: { change: string }) => s.change === 'voorwaarde 4 van all weggelaten');
    expect(dropped).toMatchObject({ file: PATH, line });
    expect(r.body.survivors.some((s: { line: number; change: string }) => s.line === line && s.change.includes('2000-01-02'))).toBe(true);
    // The rule's own conditions are still noticed by the shipped cases.
    expect(r.body.killed).toBeGreaterThan(0);
  });

  it('an unchanged draft changes nothing, so nothing is mutated', async () => {
    const r = await mutate(shipped);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ changed: [], mutants: 0, killed: 0, explained: 0, survivors: [] });
  });

  it('a draft that does not load is refused with where it is wrong', async () => {
    const r = await mutate(`${shipped}\nonzin: [\n`);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('draft_invalid');
    expect(r.body.error.details[0].pointer).toBe('/files/0/text');
  });
});
