/**
 * The service as an integrator meets it, for the contract tests: `protocolregels serve` as a child
 * process on loopback, in procedure mode (every operation mounted) with a fresh data directory, one
 * staff user, no API keys, and small body limits so an oversized body is cheap to send.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '../../src/auth/password.js';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';

/** The staff user (every role); its password is the login example of the OpenAPI document. */
export const STAFF = { username: 'indiener', password: 'een-lang-wachtwoord' };
/** Every body limit of the service (BODY_LIMIT, BATCH_BODY_LIMIT, ..., IJW_MAX_BYTES), and the login's fixed 16 kB, is below this. */
export const OVERSIZED_BYTES = 96 * 1024;

export interface ContractService {
  url: string;
  serve: ServeProcess;
  /** A fresh staff session: its cookie and CSRF token. */
  login(): Promise<{ cookie: string; csrf: string }>;
  stop(): Promise<void>;
}

export async function startContractService(): Promise<ContractService> {
  const root = mkdtempSync(join(tmpdir(), 'contract-'));
  const usersFile = join(root, 'users.json');
  writeFileSync(usersFile, JSON.stringify({
    requireApiKeyForEvaluate: false,
    users: [{ username: STAFF.username, name: 'Integratietest', roles: ['indiener', 'beoordelaar', 'beheerder'], password: hashPassword(STAFF.password) }],
    apiKeys: [],
  }));
  const limit = '48kb';
  const serve = await startServe([], {
    DATA_DIR: join(root, 'data'), USERS_FILE: usersFile, API_KEYS: '',
    BODY_LIMIT: limit, BATCH_BODY_LIMIT: limit, DRAFT_BODY_LIMIT: limit, IMPACT_BODY_LIMIT: limit, AMEND_BODY_LIMIT: limit, IJW_MAX_BYTES: limit,
    LOGIN_MAX_PER_IP: '100000', LOGIN_MAX_PER_USER: '100000',
  }, 120_000);
  const login = async () => {
    const r = await fetch(`${serve.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(STAFF) });
    if (r.status !== 200) throw new Error(`login: ${r.status} ${await r.text()}`);
    const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0];
    return { cookie, csrf: ((await r.json()) as { csrfToken: string }).csrfToken };
  };
  return {
    url: serve.url,
    serve,
    login,
    stop: async () => {
      serve.kill();
      await serve.exited;
      rmSync(root, { recursive: true, force: true });
    },
  };
}
