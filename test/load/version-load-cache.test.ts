/**
 * A service loads its whole rule tree again after every adoption. With one VersionLoadCache across
 * those loads, what it keeps is bounded by the versions in the tree (not by the loads made), a
 * version whose files did not change is the very same compiled version in the next registry, and
 * every answer and every diagnostic is what a load without the cache gives.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeEndDates } from '../../src/amend/version-layout.js';
import { evaluate } from '../../src/evaluate/evaluate.js';
import { readRuleFiles, type RuleFiles } from '../../src/load/rule-source.js';
import { createVersionLoadCache } from '../../src/load/version-load-cache.js';
import { loadProject, REPO_ROOT } from '../../src/evaluate/project.js';

const fixture = readRuleFiles(join(REPO_ROOT, 'test/amend/fixtures/rules'));

/** The tree with RTP 2.1 .. 2.n, each a copy of 2.0 valid from one day later, with its own message, as adoptions make them. */
function treeWith(n: number): RuleFiles {
  const tree = new Map(fixture);
  for (let k = 1; k <= n; k++) {
    const day = new Date(Date.UTC(2025, 0, 1 + k)).toISOString().slice(0, 10);
    for (const [path, text] of fixture) {
      if (!path.startsWith('rtp/2.0/')) continue;
      let t = text;
      if (path.endsWith('ruleset.yaml')) t = t.replace('version: "2.0"', `version: "2.${k}"`).replace('validFrom: 2025-01-01', `validFrom: ${day}`);
      if (path.endsWith('decisions/tariefgroep.yaml')) t = t.replace('Overleg met contractbeheer.', `Overleg met contractbeheer (ronde ${k}).`);
      tree.set(path.replace('rtp/2.0/', `rtp/2.${k}/`), t);
    }
  }
  // The view a service serves: each version ends the day before its successor starts.
  return closeEndDates(tree);
}

const ask = (day: string, functie = 'onbekend') => ({ protocol: 'RTP', decision: 'tariefgroep', facts: { functie, caoSchaal: 8, datum: day } });

describe('loading the tree again after each adoption', () => {
  it('keeps only the versions of the last load, reuses unchanged ones and answers as a load without the cache', async () => {
    const cache = createVersionLoadCache();
    let before = loadProject(treeWith(0), cache);
    expect(before.diagnostics).toEqual([]);
    for (let n = 1; n <= 40; n++) {
      const files = treeWith(n);
      const project = loadProject(files, cache);
      // Bounded: one entry per version folder in the tree (1.0, 2.0 .. 2.n), however many loads came before.
      expect(cache.size()).toBe(n + 2);
      expect(project.registry.versions).toHaveLength(n + 2);
      // Reused: every version except the new one and its predecessor (whose end date the view changed).
      const reused = project.registry.versions.filter((v) => before.registry.versions.includes(v)).map((v) => v.meta.version);
      expect(reused.sort()).toEqual(['1.0', ...Array.from({ length: n - 1 }, (_, k) => `2.${k}`)].sort());
      if (n % 10 === 0) {
        // Same diagnostics and the same answers as loading from scratch, on every version's days.
        const fresh = loadProject(files);
        expect(project.diagnostics).toEqual(fresh.diagnostics);
        for (const v of fresh.registry.versions) {
          for (const functie of ['therapeut', 'onbekend']) {
            const req = ask(v.meta.validFrom, functie);
            expect(await evaluate(project.registry, req)).toEqual(await evaluate(fresh.registry, req));
          }
        }
      }
      before = project;
    }
    // A version that leaves the tree leaves the cache with that load.
    loadProject(treeWith(3), cache);
    expect(cache.size()).toBe(5);
  });

  it('gives a changed file a fresh load (a problem in it is reported, not the version kept before)', () => {
    const cache = createVersionLoadCache();
    const files = treeWith(1);
    expect(loadProject(files, cache).diagnostics).toEqual([]);
    const broken = new Map(files);
    broken.set('rtp/2.1/decisions/tariefgroep.yaml', files.get('rtp/2.1/decisions/tariefgroep.yaml')!.replace('outcomes: [TG3, TG4, overleg_contractbeheer]', 'outcomes: [TG3, TG4]'));
    const project = loadProject(broken, cache);
    expect(project.diagnostics.map((d) => d.file)).toContain('rtp/2.1/decisions/tariefgroep.yaml');
    expect(project.registry.versions.map((v) => v.meta.version)).toEqual(['1.0', '2.0']);
  });
});
