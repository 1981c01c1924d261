/** The data files are the service's user's only: database, WAL and shared memory 0600, the data folder 0700, the users file 0600. */
import { closeSync, existsSync, mkdtempSync, openSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SQLITE_FILE } from '../../src/amend/store/open-store.js';
import { writeUsersFile } from '../../src/auth/users-file.js';
import { startService, type TestService } from './helpers.js';

let svc: TestService | undefined;
afterEach(async () => {
  await svc?.close();
  svc = undefined;
});

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe('file permissions of the data', () => {
  it('makes the data folder 0700 and the database with its WAL and shared-memory files 0600', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'modes-')), 'data');
    svc = await startService({ dataDir });
    const a = await svc.login('indiener');
    expect((await a.agent.post('/api/v1/proposals').set('X-CSRF-Token', a.csrf).send({ title: 'Rechten', rationale: 'r', category: 'verwerken', protocol: 'RTP', baseVersion: '2.0', files: [] })).status).toBe(201);
    const db = join(dataDir, SQLITE_FILE);
    expect(existsSync(`${db}-wal`)).toBe(true);
    expect({ dir: mode(dataDir), db: mode(db), wal: mode(`${db}-wal`), shm: mode(`${db}-shm`) }).toEqual({ dir: '700', db: '600', wal: '600', shm: '600' });
  });

  it('tightens a world-readable database left by an earlier start', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'modes-old-'));
    const db = join(dataDir, SQLITE_FILE);
    closeSync(openSync(db, 'w', 0o644));
    expect(mode(db)).toBe('644');
    svc = await startService({ dataDir });
    expect(mode(db)).toBe('600');
  });

  it('writes the users file 0600 in a folder it makes 0700', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'modes-users-')), 'config');
    const file = join(dir, 'users.json');
    writeUsersFile(file, { requireApiKeyForEvaluate: false, users: [], apiKeys: [] });
    expect({ dir: mode(dir), file: mode(file) }).toEqual({ dir: '700', file: '600' });
  });
});
