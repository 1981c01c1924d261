/**
 * `protocolregels user add <name> --role <rol> [--role ...] [--name "Volledige naam"] [--password <pw>]`
 * adds (or replaces) a user in the users file (USERS_FILE, default config/users.json);
 * without --password the password is read from stdin.
 * `protocolregels user add-key <name>` creates an API key for a system that calls evaluate and prints it once.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { hashPassword } from '../auth/password.js';
import { now } from '../base/clock.js';
import { DEFAULT_USERS_FILE, hashApiKey, readUsersFile, ROLES, writeUsersFile } from '../auth/users-file.js';
import type { Role } from '../amend/types.js';
import type { Output } from './output.js';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('wachtwoord: ');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
}

function option(args: string[], name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) if (args[i] === name && i + 1 < args.length) out.push(args[++i]);
  return out;
}

export async function userCommand(args: string[], io: Output): Promise<number> {
  const file = resolve(process.env.USERS_FILE ?? DEFAULT_USERS_FILE);
  const [sub, username] = args;
  if (sub === 'add' && username && !username.startsWith('--')) {
    const roles = option(args, '--role');
    const bad = roles.filter((r) => !ROLES.includes(r as Role));
    if (!roles.length || bad.length) {
      io.err(`geef een of meer rollen met --role (${ROLES.join(', ')})${bad.length ? `; onbekend: ${bad.join(', ')}` : ''}`);
      return 2;
    }
    if (!/^[a-z0-9._-]{2,64}$/i.test(username)) { io.err('gebruikersnaam: 2-64 letters, cijfers, punt, streep'); return 2; }
    const password = option(args, '--password')[0] ?? (await readStdin());
    if (password.length < 8) {
      io.err('wachtwoord: minstens 8 tekens');
      return 2;
    }
    const cfg = readUsersFile(file);
    // A new password ends the user's open sessions (sessions opened before passwordChangedAt are refused).
    const user = { username, name: option(args, '--name')[0] ?? username, roles: roles as Role[], password: hashPassword(password), passwordChangedAt: now().toISOString() };
    const existed = cfg.users.some((u) => u.username === username);
    cfg.users = [...cfg.users.filter((u) => u.username !== username), user];
    writeUsersFile(file, cfg);
    io.out(`${existed ? 'bijgewerkt' : 'toegevoegd'}: ${username} (${roles.join(', ')}) in ${file}`);
    return 0;
  }
  if (sub === 'add-key' && username) {
    const key = `prk_${randomBytes(24).toString('base64url')}`;
    const cfg = readUsersFile(file);
    cfg.apiKeys = [...cfg.apiKeys.filter((k) => k.name !== username), { name: username, hash: hashApiKey(key) }];
    writeUsersFile(file, cfg);
    io.out(key);
    io.err(`API-sleutel voor ${username} opgeslagen (alleen de hash) in ${file}; bewaar de sleutel hierboven, hij wordt niet opnieuw getoond`);
    return 0;
  }
  io.err('gebruik: protocolregels user add <naam> --role <indiener|beoordelaar|beheerder> [--name "Naam"] [--password <wachtwoord>]');
  io.err('         protocolregels user add-key <systeemnaam>');
  return 2;
}
