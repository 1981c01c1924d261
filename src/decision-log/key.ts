/**
 * The key of the keyed hash (HMAC-SHA256) that replaces identifiers in the
 * decision log: DECISION_LOG_KEY when set (every process that shares a
 * PostgreSQL database must use the same one), else the file
 * `<data dir>/decision-log.key`, made on first start with 32 random bytes and
 * mode 0600 (readable by the service's user only).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const KEY_FILE = 'decision-log.key';
const MIN_KEY_CHARS = 32;

export function decisionLogKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const configured = env.DECISION_LOG_KEY?.trim();
  if (configured) {
    if (configured.length < MIN_KEY_CHARS) throw new Error(`DECISION_LOG_KEY is te kort: minstens ${MIN_KEY_CHARS} tekens (bijv. openssl rand -hex 32)`);
    return Buffer.from(configured, 'utf8');
  }
  const file = join(dataDir, KEY_FILE);
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(file)) {
    // Written whole to a private temp file, then linked into place: processes starting at once never read half a key.
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(tmp, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    try {
      linkSync(tmp, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      unlinkSync(tmp);
    }
  }
  // A key file others can read is narrowed to its owner (a copy made with the wrong umask).
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const text = readFileSync(file, 'utf8').trim();
  if (text.length < MIN_KEY_CHARS) throw new Error(`${file}: de sleutel is te kort (minstens ${MIN_KEY_CHARS} tekens); verwijder het bestand om een nieuwe te maken`);
  return Buffer.from(text, 'utf8');
}
