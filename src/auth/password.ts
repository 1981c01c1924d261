/**
 * scrypt password hashes: "scrypt$N$r$p$<salt b64>$<hash b64>", compared in
 * constant time. Checking is asynchronous (libuv's thread pool), so password
 * guessing does not stall other requests on the event loop.
 */
import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const N = 16384, R = 8, P = 1, LEN = 32;

/** Hashes a new password (CLI and tests; synchronous is fine there). */
export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, LEN, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** A hash nobody's password matches, to spend the same time on unknown users. */
const DUMMY = hashPassword(randomBytes(16).toString('hex'));

const scryptAsync = (password: string, salt: Buffer, len: number, o: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scrypt(password, salt, len, o, (err, key) => (err ? reject(err) : resolve(key))));

export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  const parts = (stored ?? DUMMY).split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  if (!(n >= 1024 && n <= 1 << 20 && r >= 1 && r <= 32 && p >= 1 && p <= 16) || expected.length < 16 || expected.length > 64) return false;
  const actual = await scryptAsync(password, salt, expected.length, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 });
  return timingSafeEqual(actual, expected) && stored !== undefined;
}
