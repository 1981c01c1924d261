/**
 * The rules repository: rule content in git. Every write goes through git's
 * object database and refs only (hash-object, a private temporary index,
 * commit-tree, an atomic update-ref transaction), so no working tree or index
 * is ever touched: nobody's uncommitted work can be lost. How versions are laid
 * out in it: version-layout.ts; how it is made and brought up to date: repo-startup.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RuleFiles } from '../load/rule-source.js';
import { safeIdentity, type CommitMessage } from './commit-message.js';
import { identityEnv, runGit, type GitIdentity } from './git.js';

export const MAIN = 'refs/heads/main';

export interface RefUpdate {
  ref: string;
  /** New object id. */
  to: string;
  /** Expected current value: an object id, or null when the ref must not exist yet. */
  from: string | null;
}

export interface RulesRepo {
  readonly gitDir: string;
  git(args: string[], opts?: Parameters<typeof runGit>[1]): ReturnType<typeof runGit>;
  resolve(ref: string): Promise<string | null>;
  /** Every rule file (YAML) of a commit, paths relative to the rules root; only those under `prefix` when given. */
  readFiles(ref: string, prefix?: string): Promise<RuleFiles>;
  /** Writes a tree = `base`'s tree with `changes` applied (text, or null to delete) and returns its id. */
  writeTree(base: string | null, changes: Map<string, string | null>): Promise<string>;
  /** A commit; its message is built by commitMessage() and its author's name made single-line (commit-message.ts). */
  commit(tree: string, parents: string[], message: CommitMessage, who: GitIdentity): Promise<string>;
  /** An annotated tag object pointing at a commit (not yet referenced). */
  makeTag(name: string, commit: string, message: CommitMessage, who: GitIdentity): Promise<string>;
  /** All updates succeed together or none does (git's ref transaction, compare-and-swap on each). */
  updateRefs(updates: RefUpdate[]): Promise<void>;
  /** 3-way text merge with `git merge-file`; conflicts are reported, never resolved silently. */
  mergeText(base: string, ours: string, theirs: string): Promise<{ text: string; conflicts: number }>;
}

export async function openRulesRepo(path: string): Promise<RulesRepo> {
  const abs = resolve(path);
  const r = await runGit(['-C', abs, 'rev-parse', '--absolute-git-dir']);
  const gitDir = r.stdout.toString('utf8').trim();
  const git: RulesRepo['git'] = (args, opts) => runGit(['--git-dir', gitDir, ...args], opts);

  const repo: RulesRepo = {
    gitDir,
    git,
    async resolve(ref) {
      const out = await git(['rev-parse', '--verify', '--quiet', `${ref}^{}`], { allow: () => true });
      return out.code === 0 ? out.stdout.toString('utf8').trim() : null;
    },
    async readFiles(ref, prefix) {
      const ls = await git(['ls-tree', '-r', '-z', '--full-tree', ref, ...(prefix ? ['--', prefix] : [])]);
      const entries = ls.stdout.toString('utf8').split('\0').filter(Boolean).map((line) => {
        const [meta, path] = line.split('\t');
        return { sha: meta.split(' ')[2], path };
      }).filter((e) => /\.ya?ml$/.test(e.path));
      const files: RuleFiles = new Map();
      if (!entries.length) return files;
      const out = (await git(['cat-file', '--batch'], { input: entries.map((e) => e.sha).join('\n') + '\n' })).stdout;
      // Output: "<sha> blob <size>\n<content>\n" per entry, in input order.
      let pos = 0;
      for (const e of entries) {
        const nl = out.indexOf(10, pos);
        const size = Number(out.subarray(pos, nl).toString('utf8').split(' ')[2]);
        files.set(e.path, out.subarray(nl + 1, nl + 1 + size).toString('utf8'));
        pos = nl + 1 + size + 1;
      }
      return files;
    },
    async writeTree(base, changes) {
      const tmp = mkdtempSync(join(tmpdir(), 'amend-index-'));
      const env = { GIT_INDEX_FILE: join(tmp, 'index') };
      try {
        if (base) await git(['read-tree', base], { env });
        const lines: string[] = [];
        for (const [path, text] of changes) {
          if (text === null) {
            lines.push(`0 ${'0'.repeat(40)}\t${path}`);
          } else {
            const sha = (await git(['hash-object', '-w', '--stdin'], { input: text })).stdout.toString('utf8').trim();
            lines.push(`100644 ${sha}\t${path}`);
          }
        }
        if (lines.length) await git(['update-index', '--index-info'], { env, input: lines.join('\n') + '\n' });
        return (await git(['write-tree'], { env })).stdout.toString('utf8').trim();
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    },
    async commit(tree, parents, message, who) {
      const args = ['commit-tree', tree, ...parents.flatMap((p) => ['-p', p])];
      return (await git(args, { input: message, env: identityEnv(safeIdentity(who)) })).stdout.toString('utf8').trim();
    },
    async makeTag(name, commit, message, who) {
      const tagger = safeIdentity(who);
      const body = `object ${commit}\ntype commit\ntag ${name}\ntagger ${tagger.name} <${tagger.email}> ${tagger.time} +0000\n\n${message}`;
      return (await git(['mktag'], { input: body })).stdout.toString('utf8').trim();
    },
    async updateRefs(updates) {
      const zero = '0'.repeat(40);
      const lines = ['start', ...updates.map((u) => `update ${u.ref} ${u.to} ${u.from ?? zero}`), 'prepare', 'commit'];
      await git(['update-ref', '--stdin'], { input: lines.join('\n') + '\n' });
    },
    async mergeText(base, ours, theirs) {
      const tmp = mkdtempSync(join(tmpdir(), 'amend-merge-'));
      try {
        for (const [n, t] of [['ours', ours], ['base', base], ['theirs', theirs]]) writeFileSync(join(tmp, n), t);
        const out = await runGit(['merge-file', '-p', join(tmp, 'ours'), join(tmp, 'base'), join(tmp, 'theirs')], { allow: (c) => c > 0 && c < 128 });
        return { text: out.stdout.toString('utf8'), conflicts: out.code };
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    },
  };
  return repo;
}

/** Tag name of a version (src/base/rule-tree.ts). */
export { tagName } from '../base/rule-tree.js';
