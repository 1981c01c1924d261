/**
 * Changes that take effect (issue 27, build 1), through the HTTP API: a row change that can never be
 * read by the new version is refused at adoption with the row named; the proposal view and the editor's
 * diff name it before that; a start in the past needs the administrator's reason, kept in the audit log;
 * Probeer answers a date before the draft would start with the version in force then.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureText, PATHS, startService, type TestService } from './helpers.js';

let svc: TestService;
afterEach(() => svc?.close());

type Session = Awaited<ReturnType<TestService['login']>>;
const post = (s: Session, path: string, body: Record<string, unknown> = {}) => s.agent.post(path).set('X-CSRF-Token', s.csrf).send(body);
const move = (s: Session, id: number, to: string) => post(s, `/api/v1/proposals/${id}/transition`, { to, reason: `naar ${to}` });

/** A psycholoog row in TG4 for the given period (the table's other rows are open-ended). */
const psycholoog = (period: string) => [
  { path: PATHS.table, text: fixtureText(PATHS.table).replace('  - { functie: therapeut, tariefgroep: TG3 }\n', `  - { functie: therapeut, tariefgroep: TG3 }\n  - { functie: psycholoog, tariefgroep: TG4, ${period} }\n`) },
];

async function accepted(author: Session, reviewer: Session, files: { path: string; text: string }[]) {
  const p = await post(author, '/api/v1/proposals', { title: 'Psycholoog in TG4', rationale: 'Nieuwe functie.', category: 'verwerken', protocol: 'RTP', baseVersion: '2.0', files });
  expect(p.status, JSON.stringify(p.body)).toBe(201);
  const submitted = await post(author, `/api/v1/proposals/${p.body.id}/submit`);
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  expect((await move(reviewer, p.body.id, 'in_behandeling')).status).toBe(200);
  expect((await move(reviewer, p.body.id, 'aangenomen')).status).toBe(200);
  return { id: p.body.id as number, submitted: submitted.body };
}

describe('a change that cannot take effect', () => {
  it('is named in the proposal view and the draft diff, and refused at adoption with the row, its file and both dates', async () => {
    svc = await startService(); // today is 10 February 2026
    const [author, reviewer, admin] = [await svc.login('indiener'), await svc.login('beoordelaar'), await svc.login('beheerder')];
    const files = psycholoog('from: 2025-01-01, until: 2025-12-31');
    // While typing: the editor's diff, for a version that would start on 1 January 2027.
    const diff = await post(author, '/api/v1/drafts/diff', { protocol: 'RTP', baseVersion: '2.0', files, startsOn: '2027-01-01' });
    expect(diff.status, JSON.stringify(diff.body)).toBe(200);
    expect(diff.body.startsOn).toBe('2027-01-01');
    expect(diff.body.withoutEffect).toEqual([expect.objectContaining({ change: 'added', table: 'beroepen', file: PATHS.table, key: { functie: 'psycholoog', caoSchaal: null }, from: '2025-01-01', until: '2025-12-31', startsOn: '2027-01-01' })]);
    expect(diff.body.withoutEffect[0].message).toContain('geldt van 1 januari 2025 t/m 31 december 2025: vóór 1 januari 2027, de vroegst mogelijke ingangsdatum');
    expect(diff.body.withoutEffect[0].line).toBe(fixtureText(PATHS.table).split('\n').findIndex((l) => l.includes('therapeut, tariefgroep: TG3')) + 2);

    // At submit and on review: against the earliest start without retroactive effect (a verwerken change: today).
    const { id, submitted } = await accepted(author, reviewer, files);
    expect(submitted.startsOn).toBe('2026-02-10');
    expect(submitted.withoutEffect.map((w: { table: string; until: string }) => `${w.table} ${w.until}`)).toEqual(['beroepen 2025-12-31']);
    const view = (await reviewer.agent.get(`/api/v1/proposals/${id}`)).body;
    expect(view.withoutEffect).toHaveLength(1);

    // Adoption: refused, the row named, nothing adopted.
    const r = await post(admin, '/api/v1/adoptions', { protocol: 'RTP', version: '2.1', validFrom: '2027-01-01', proposalIds: [id] });
    expect(r.status, JSON.stringify(r.body)).toBe(422);
    expect(r.body.error.code).toBe('change_without_effect');
    expect(r.body.error.message).toContain('RTP 2.1 gaat in op 1 januari 2027');
    expect(r.body.error.details).toEqual([expect.objectContaining({ pointer: '/proposalIds/0', file: PATHS.table, table: 'beroepen', from: '2025-01-01', until: '2025-12-31', validFrom: '2027-01-01' })]);
    expect(r.body.error.details[0].message).toContain(`rij functie psycholoog in tabel beroepen (${PATHS.table}, regel`);
    expect(r.body.error.details[0].message).toContain('vóór 1 januari 2027, de ingangsdatum van de nieuwe versie');
    expect((await admin.agent.get('/api/v1/adoptions')).body.adoptions).toEqual([]);
  });

  it('adopts a row that starts with the version, and a changed open-ended row', async () => {
    svc = await startService();
    const [author, reviewer, admin] = [await svc.login('indiener'), await svc.login('beoordelaar'), await svc.login('beheerder')];
    const { id, submitted } = await accepted(author, reviewer, psycholoog('from: 2027-01-01, until: 2027-12-31'));
    expect(submitted.withoutEffect).toEqual([]);
    const r = await post(admin, '/api/v1/adoptions', { protocol: 'RTP', version: '2.1', validFrom: '2027-01-01', proposalIds: [id] });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.retroactive).toBeNull();
  });
});

describe('a version that starts in the past', () => {
  it('needs the reason, recorded in the audit log and listed with the adoption; a reason for a future start is refused', async () => {
    svc = await startService();
    const [author, reviewer, admin] = [await svc.login('indiener'), await svc.login('beoordelaar'), await svc.login('beheerder')];
    const { id } = await accepted(author, reviewer, psycholoog('from: 2026-01-01'));
    const bare = await post(admin, '/api/v1/adoptions', { protocol: 'RTP', version: '2.1', validFrom: '2026-01-01', proposalIds: [id] });
    expect(bare.status).toBe(422);
    expect(bare.body.error.code).toBe('retroactive_reason_missing');
    expect(bare.body.error.message).toContain('met terugwerkende kracht');
    expect(bare.body.error.message).toContain('1 januari 2026 ligt vóór vandaag (10 februari 2026)');
    expect(bare.body.error.details).toEqual([expect.objectContaining({ pointer: '/retroactive/reason' })]);
    const empty = await post(admin, '/api/v1/adoptions', { protocol: 'RTP', version: '2.1', validFrom: '2026-01-01', proposalIds: [id], retroactive: { reason: ' ' } });
    expect(empty.status).toBe(400);
    const future = await post(admin, '/api/v1/adoptions', { protocol: 'RTP', version: '2.1', validFrom: '2026-03-01', proposalIds: [id], retroactive: { reason: 'toch' } });
    expect(future.status).toBe(400);
    expect(future.body.error.details).toEqual([expect.objectContaining({ pointer: '/retroactive' })]);

    const reason = 'Besluit RSJ van 5 februari 2026: psycholoog per 1 januari 2026 in TG4';
    const ok = await post(admin, '/api/v1/adoptions', { protocol: 'RTP', version: '2.1', validFrom: '2026-01-01', proposalIds: [id], retroactive: { reason } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.retroactive).toEqual({ reason });
    const audit = await svc.amend.store.auditOf('adoption', 'rtp-2.1');
    expect(audit).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'terugwerkende_kracht', actor: 'beheerder', to: '2026-01-01', reason })]));
    const [listed] = (await admin.agent.get('/api/v1/adoptions')).body.adoptions;
    expect(listed).toMatchObject({ version: '2.1', validFrom: '2026-01-01', retroactive: { reason } });
  });
});

describe('Probeer by date', () => {
  it('answers a date before the draft would start with the version in force then, and from that day with the draft', async () => {
    svc = await startService();
    const author = await svc.login('indiener');
    const files = psycholoog('from: 2025-01-01');
    const request = (datum: string) => ({ decision: 'tariefgroep', facts: { functie: 'psycholoog', caoSchaal: 9, datum } });
    const before = await post(author, '/api/v1/drafts/evaluate', { protocol: 'RTP', baseVersion: '2.0', files, request: request('2025-12-20'), startsOn: '2027-01-01' });
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    expect(before.body).toMatchObject({ outcome: 'overleg_contractbeheer', version: '2.0', answeredBy: { draft: false, startsOn: '2027-01-01' } });
    expect(before.body.answeredBy.message).toBe('Uw wijzigingen gelden pas vanaf 1 januari 2027. Op 20 december 2025 antwoordt RTP 2.0, de versie die dan geldt.');
    // A date of 1.0's period: 1.0 answers it, as the service will.
    const older = await post(author, '/api/v1/drafts/evaluate', { protocol: 'RTP', baseVersion: '2.0', files, request: { ...request('2024-06-01') }, startsOn: '2027-01-01' });
    expect(older.body.version).toBe('1.0');
    const after = await post(author, '/api/v1/drafts/evaluate', { protocol: 'RTP', baseVersion: '2.0', files, request: request('2027-02-01'), startsOn: '2027-01-01' });
    expect(after.body).toMatchObject({ outcome: 'TG4', answeredBy: { draft: true, startsOn: '2027-01-01' } });
    // Without startsOn the draft answers every date (as before).
    const pinned = await post(author, '/api/v1/drafts/evaluate', { protocol: 'RTP', baseVersion: '2.0', files, request: request('2025-12-20') });
    expect(pinned.body.outcome).toBe('TG4');
    expect(pinned.body.answeredBy).toBeUndefined();
    const bad = await post(author, '/api/v1/drafts/evaluate', { protocol: 'RTP', baseVersion: '2.0', files, request: request('2025-12-20'), startsOn: '1 januari' });
    expect(bad.status).toBe(400);
    // The main thread may have to evaluate such a request: it is held to /evaluate's own body limit (1mb).
    const large = { ...request('2025-12-20'), facts: { ...request('2025-12-20').facts, toelichting: 'x'.repeat(1_100_000) } };
    const tooLarge = await post(author, '/api/v1/drafts/evaluate', { protocol: 'RTP', baseVersion: '2.0', files, request: large, startsOn: '2027-01-01' });
    expect(tooLarge.status, JSON.stringify(tooLarge.body).slice(0, 300)).toBe(413);
    expect(tooLarge.body.error).toMatchObject({ code: 'payload_too_large', details: [{ pointer: '/request' }] });
  });
});
