/**
 * The seeded corpus as iJw messages: `corpus generate --format ijw` writes
 * JW323/JW301 files, and each generated message answered through the iJw path
 * gives every line the outcome and codes that evaluate() gives the same facts
 * directly (less the professional, which a JW323 does not carry).
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusCommand } from '../../src/cli/corpus.js';
import { generateIjwMessages, syntheticBsn } from '../../src/corpus/ijw.js';
import { evaluate } from '../../src/evaluate/evaluate.js';
import { passesElfproef } from '../../src/ijw/elfproef.js';
import { readMessage } from '../../src/ijw/read-message.js';
import { answerDeclaratie } from '../../src/ijw/service.js';
import { JW301, JW323 } from '../../src/ijw/structure.js';
import { SHIPPED_RULES_DIR } from '../../src/evaluate/project.js';
import { LIMITS, registry } from './fixtures.js';

const codes = (events: { type: string; code?: string }[]) => [...new Set(events.filter((e) => e.type === 'afkeur' && e.code).map((e) => e.code!))].sort();

describe('corpus --format ijw', () => {
  it('synthetic BSNs pass the eleven-test and keep their leading digits as text', () => {
    for (let n = 1; n < 2000; n += 37) expect(passesElfproef(syntheticBsn(n))).toBe(true);
  });

  it('writes messages in the standard\'s structure (namespaces, order, lengths): the structural check accepts every one', async () => {
    for (const m of generateIjwMessages(registry, 5, 200, 30)) {
      const r = await readMessage(m.jw323, JW323, LIMITS);
      expect(r.ok ? [] : r.problems).toEqual([]);
      for (const t of m.jw301) {
        const a = await readMessage(t, JW301, LIMITS);
        expect(a.ok ? [] : a.problems).toEqual([]);
      }
    }
  });

  it('round trip: every line of every generated JW323 gets the codes of direct evaluation', async () => {
    let lines = 0;
    let refused = 0;
    const seen = new Set<string>();
    for (const m of generateIjwMessages(registry, 7, 600, 40)) {
      const r = await answerDeclaratie({ jw323: m.jw323, jw301: m.jw301, eerderGedeclareerd: m.eerderGedeclareerd }, { registry, today: '2026-06-01', limits: LIMITS });
      if (r.inMessage.length) {
        // Only the cases whose period runs past its month travel alone, and they fail CS337.
        expect(m.cases.size).toBe(1);
        expect(r.inMessage.map((f) => f.rule)).toContain('CS337');
        refused++;
        continue;
      }
      for (const l of r.lines) {
        const c = m.cases.get(l.referentieNummer)!;
        const { professional: _p, ...facts } = c.facts as Record<string, unknown>;
        const direct = await evaluate(registry, { protocol: 'RAP', decision: 'declaratie', facts }, { today: '2026-06-01' });
        expect([l.referentieNummer, l.outcome, l.granted ? [] : l.codes.filter((x) => x !== '0233').sort()]).toEqual([l.referentieNummer, direct.outcome, codes(direct.events)]);
        seen.add(l.granted ? '8001' : l.codes.join('+'));
        lines++;
      }
      const sumRejected = r.lines.filter((l) => !l.granted).reduce((s, l) => s + l.ingediend.bedrag, 0);
      expect(r.totaalToegekend).toBe(r.totaalIngediend - sumRejected);
    }
    expect(lines).toBeGreaterThan(300);
    expect(refused).toBeGreaterThan(0);
    // The corpus' failures reach the JW325: approvals and several return codes.
    for (const code of ['8001', '9346', '9384', '9307']) expect([...seen].some((s) => s.split('+').includes(code))).toBe(true);
  });

  it('writes one folder per JW323 with its JW301s and a ready request', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ijw-corpus-'));
    const msgs: string[] = [];
    const code = await corpusCommand(['generate', '--format', 'ijw', '--seed', '3', '--size', '120', '--out', out, '--per-bericht', '25'], { out: (l) => msgs.push(l), err: (l) => msgs.push(l) }, SHIPPED_RULES_DIR);
    expect(code).toBe(0);
    expect(msgs.join('\n')).toMatch(/\d+ JW323-berichten met \d+ prestaties geschreven/);
    const dirs = readdirSync(out);
    expect(dirs.length).toBeGreaterThan(3);
    const files = readdirSync(join(out, dirs[0]));
    expect(files).toContain('jw323.xml');
    expect(files).toContain('jw301-1.xml');
    const req = JSON.parse(readFileSync(join(out, dirs[0], 'request.json'), 'utf8'));
    expect(req.jw323).toBe(readFileSync(join(out, dirs[0], 'jw323.xml'), 'utf8'));
    expect(req.jw301).toHaveLength(files.filter((f) => f.startsWith('jw301-')).length);
    const bad = await corpusCommand(['generate', '--format', 'ijw', '--size', '5'], { out: () => {}, err: (l) => msgs.push(l) }, SHIPPED_RULES_DIR);
    expect(bad).toBe(2);
    expect(msgs.at(-1)).toMatch(/--out MAP/);

    // And back: the messages as JSON Lines of evaluate requests, for impact analysis.
    const jsonl = join(out, '..', `${dirs[0]}-from-ijw.jsonl`);
    const back = await corpusCommand(['from-ijw', '--in', out, '--out', jsonl], { out: () => {}, err: (l) => msgs.push(l) }, SHIPPED_RULES_DIR);
    expect(back).toBe(0);
    const written = Number(msgs.at(-1)!.match(/^(\d+) prestaties geschreven/)![1]);
    const lines = readFileSync(jsonl, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(written);
    expect(written).toBeGreaterThan(20);
    for (const l of lines.slice(0, 20)) {
      expect(l).toMatchObject({ protocol: 'RAP', decision: 'declaratie', meta: { kind: 'declaratie' } });
      expect((await evaluate(registry, l, { today: '2026-06-01' })).version).toMatch(/^\d\.\d$/);
    }
  });
});
