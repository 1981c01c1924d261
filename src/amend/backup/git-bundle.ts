/** The rules repository in and out of one file: `git bundle --all`, and a bare repository made from one. */
import { runGit } from '../git.js';

/** main and every tag: ref name → object id. */
export type Refs = Record<string, string>;

const pick = (lines: string[]): Refs => Object.fromEntries(lines.map((l) => l.trim().split(/\s+/)).filter(([, ref]) => ref === 'refs/heads/main' || ref?.startsWith('refs/tags/')).map(([sha, ref]) => [ref, sha]));

export async function refsOf(gitDir: string): Promise<Refs> {
  const out = await runGit(['--git-dir', gitDir, 'for-each-ref', '--format=%(objectname) %(refname)', 'refs/heads/main', 'refs/tags']);
  return pick(out.stdout.toString('utf8').split('\n').filter(Boolean));
}

export async function bundleRepo(gitDir: string, file: string): Promise<Refs> {
  await runGit(['--git-dir', gitDir, 'bundle', 'create', '--quiet', file, '--all']);
  const heads = await runGit(['bundle', 'list-heads', file]);
  return pick(heads.stdout.toString('utf8').split('\n').filter(Boolean));
}

/** A new bare repository at `path` holding every ref of the bundle (verified first). */
export async function unbundle(file: string, path: string): Promise<void> {
  await runGit(['bundle', 'verify', '--quiet', file]);
  await runGit(['init', '--quiet', '--bare', '--initial-branch=main', path]);
  await runGit(['--git-dir', path, 'fetch', '--quiet', file, '+refs/*:refs/*']);
}

export const sameRefs = (a: Refs, b: Refs) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
