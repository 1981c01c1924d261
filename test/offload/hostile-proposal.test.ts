/** A proposal that stores a hostile file can still be opened; submitting it reports the problem at file:line:col. */
import { afterEach, describe, expect, it } from 'vitest';
import { PATHS, startService, type TestService } from '../amend/helpers.js';

let svc: TestService | undefined;
afterEach(() => { svc?.close(); svc = undefined; });

function anchors(n: number): string {
  let s = 'id: beroepen\nrows:\n';
  for (let i = 0; i < n; i++) s += `  - &a${i} x\n  - *a${i}\n`;
  return s;
}
const billionLaughs = () => ['id: beroepen', 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]',
  ...Array.from({ length: 9 }, (_, k) => `a${k + 1}: &a${k + 1} [${Array(10).fill(`*a${k}`).join(', ')}]`), 'rows: *a9', ''].join('\n');

describe('a proposal with hostile YAML', () => {
  it('opens (without a diff) and its submit answers 422 naming the file, line and column', async () => {
    svc = await startService();
    const a = await svc.login('indiener');
    for (const [text, limit] of [[anchors(30_000), 'YAML_MAX_BYTES'], [anchors(5_000), 'YAML_MAX_ANCHORS'], [billionLaughs(), 'YAML_MAX_ALIAS_EXPANSION']] as const) {
      const p = await a.agent.post('/api/v1/proposals').set('X-CSRF-Token', a.csrf)
        .send({ title: 'Vijandig voorstel', rationale: 'r', category: 'verwerken', protocol: 'RTP', baseVersion: '2.0', files: [{ path: PATHS.table, text }] });
      expect(p.status, JSON.stringify(p.body).slice(0, 300)).toBe(201);
      const opened = await a.agent.get(`/api/v1/proposals/${p.body.id}`);
      expect(opened.status).toBe(200);
      expect(opened.body.diff).toBeNull();
      const s = await a.agent.post(`/api/v1/proposals/${p.body.id}/submit`).set('X-CSRF-Token', a.csrf);
      expect(s.status).toBe(422);
      expect(s.body.error.code).toBe('proposal_invalid');
      expect(s.body.error.details).toEqual([expect.objectContaining({ code: 'limit_exceeded', file: PATHS.table, message: expect.stringMatching(new RegExp(`^${PATHS.table}:\\d+:\\d+ .*${limit}`)) })]);
    }
  }, 120_000);
});
