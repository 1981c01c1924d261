/** Runs the real `git` CLI (execFile, no shell) against one git directory. */
import { execFile } from 'node:child_process';

export interface GitIdentity {
  name: string;
  email: string;
  /** Seconds since the epoch, so commits follow the injected clock. */
  time: number;
}

export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

export class GitError extends Error {
  constructor(readonly args: string[], readonly code: number, readonly stderr: string) {
    super(`git ${args.join(' ')} mislukte (${code}): ${stderr.trim().split('\n')[0] ?? ''}`);
  }
}

export interface RunOptions {
  input?: string | Buffer;
  env?: Record<string, string>;
  cwd?: string;
  /** Exit codes that are answers rather than failures (e.g. merge-file's conflict count). */
  allow?: (code: number) => boolean;
}

export function runGit(args: string[], opts: RunOptions = {}): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      args,
      {
        cwd: opts.cwd,
        encoding: 'buffer',
        maxBuffer: 256 * 1024 * 1024,
        // No system or user config: hooks, signing or pagers of the host must not change what we write.
        env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...opts.env },
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
        const result = { code, stdout: stdout as Buffer, stderr: (stderr as Buffer).toString('utf8') };
        if (code === 0 || (opts.allow && code > 0 && opts.allow(code))) resolve(result);
        else reject(new GitError(args, code, result.stderr || String(err?.message ?? '')));
      },
    );
    // A git command that does not read stdin may exit first: its closed pipe is not an error.
    child.stdin?.on('error', () => undefined);
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    else child.stdin?.end();
  });
}

export function identityEnv(who: GitIdentity): Record<string, string> {
  const date = `${who.time} +0000`;
  return {
    GIT_AUTHOR_NAME: who.name, GIT_AUTHOR_EMAIL: who.email, GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_NAME: who.name, GIT_COMMITTER_EMAIL: who.email, GIT_COMMITTER_DATE: date,
  };
}
