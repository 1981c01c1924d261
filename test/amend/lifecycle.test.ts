/** The whole procedure through the HTTP API, per category, with its refusal paths. */
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { addPsycholoog, fixtureText, PATHS, rewordOverleg, spvFrom10Sourced, spvToTg4, startService, therapeutToTg4, type TestService } from './helpers.js';

let svc: TestService;
afterEach(() => svc?.close());

type Session = Awaited<ReturnType<TestService['login']>>;

async function propose(s: Session, body: Record<string, unknown>) {
  const r = await s.agent.post('/api/v1/proposals').set('X-CSRF-Token', s.csrf)
    .send({ title: 'Voorstel', rationale: 'Omdat het nodig is.', protocol: 'RTP', baseVersion: '2.0', files: [], ...body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: number; state: string; branch: string };
}

const post = (s: Session, path: string, body: Record<string, unknown> = {}) => s.agent.post(path).set('X-CSRF-Token', s.csrf).send(body);
const move = (s: Session, id: number, to: string) => post(s, `/api/v1/proposals/${id}/transition`, { to, reason: `naar ${to}` });

async function accepted(author: Session, reviewer: Session, body: Record<string, unknown>) {
  const p = await propose(author, body);
  expect((await post(author, `/api/v1/proposals/${p.id}/submit`)).status).toBe(200);
  expect((await move(reviewer, p.id, 'in_behandeling')).status).toBe(200);
  const r = await move(reviewer, p.id, 'aangenomen');
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return p.id;
}

async function addProviders(admin: Session, n: number) {
  const providers = Array.from({ length: n }, (_, i) => ({ id: `aanbieder-${i + 1}`, name: `Aanbieder ${i + 1}` }));
  expect((await post(admin, '/api/v1/providers', { providers })).status).toBe(200);
}

const tariefgroep = (functie: string, datum: string) => ({ protocol: 'RTP', decision: 'tariefgroep', facts: { functie, caoSchaal: 9, datum } });

describe('sent back to the author', () => {
  it('a reviewer sends a submitted proposal back with a reason; the author edits it and submits again; not from consultation, not by the author', async () => {
    svc = await startService();
    const [author, reviewer] = [await svc.login('indiener'), await svc.login('beoordelaar')];
    const p = await propose(author, { title: 'Psycholoog in TG4', category: 'verwerken', files: addPsycholoog() });
    expect((await post(author, `/api/v1/proposals/${p.id}/submit`)).body.state).toBe('ingediend');
    // The author cannot send their own proposal back (a reviewer's step).
    expect((await post(author, `/api/v1/proposals/${p.id}/transition`, { to: 'concept', reason: 'terug' })).status).toBe(403);
    expect((await move(reviewer, p.id, 'in_behandeling')).body.state).toBe('in_behandeling');
    const back = await post(reviewer, `/api/v1/proposals/${p.id}/transition`, { to: 'concept', reason: 'Graag de bron van de rij noemen.' });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body.state).toBe('concept');
    // Editable again by its author, and submitted again.
    const patched = await author.agent.patch(`/api/v1/proposals/${p.id}`).set('X-CSRF-Token', author.csrf).send({ title: 'Psycholoog valt onder TG4 (met bron)' });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect((await post(author, `/api/v1/proposals/${p.id}/submit`)).body.state).toBe('ingediend');
    const view = (await author.agent.get(`/api/v1/proposals/${p.id}`)).body;
    expect(view.history.map((h: { from: string; to: string; reason: string | null }) => `${h.from ?? ''}>${h.to}${h.to === 'concept' && h.from === 'in_behandeling' ? ` (${h.reason})` : ''}`)).toEqual(
      ['>concept', 'concept>ingediend', 'ingediend>in_behandeling', 'in_behandeling>concept (Graag de bron van de rij noemen.)', 'concept>concept', 'concept>ingediend']);
  });

  it('is not possible once the providers are consulted', async () => {
    svc = await startService();
    const [author, reviewer, admin] = [await svc.login('indiener'), await svc.login('beoordelaar'), await svc.login('beheerder')];
    await addProviders(admin, 2);
    const p = await propose(author, { title: 'SPV vanaf schaal 10 in TG4', category: 'wijzigen', files: spvFrom10Sourced() });
    expect((await post(author, `/api/v1/proposals/${p.id}/submit`)).status).toBe(200);
    expect((await move(reviewer, p.id, 'in_behandeling')).status).toBe(200);
    expect((await move(reviewer, p.id, 'consultatie')).body.state).toBe('consultatie');
    const r = await move(reviewer, p.id, 'concept');
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('invalid_transition');
  });
});

describe('verwerken', () => {
  it('goes concept -> ingediend -> in_behandeling -> aangenomen, is adopted as 2.1 and answers on evaluate at once', async () => {
    svc = await startService();
    const [author, reviewer, admin] = [await svc.login('indiener'), await svc.login('beoordelaar'), await svc.login('beheerder')];
    const p = await propose(author, { title: 'Psycholoog in TG4', category: 'verwerken', files: addPsycholoog() });
    expect(p.state).toBe('concept');
    expect(p.branch).toBe(`voorstel/${p.id}`);

    // The author edits while concept.
    const patched = await author.agent.patch(`/api/v1/proposals/${p.id}`).set('X-CSRF-Token', author.csrf).send({ title: 'Psycholoog valt onder TG4' });
    expect(patched.status).toBe(200);
    expect(patched.body.title).toBe('Psycholoog valt onder TG4');

    expect((await post(author, `/api/v1/proposals/${p.id}/submit`)).body.state).toBe('ingediend');
    // Frozen after submission.
    const late = await author.agent.patch(`/api/v1/proposals/${p.id}`).set('X-CSRF-Token', author.csrf).send({ title: 'later' });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('not_editable');

    expect((await post(reviewer, `/api/v1/proposals/${p.id}/comments`, { text: 'Graag een bron bij de rij.' })).status).toBe(201);
    expect((await move(reviewer, p.id, 'in_behandeling')).body.state).toBe('in_behandeling');
    // verwerken skips the consultation.
    expect((await move(reviewer, p.id, 'consultatie')).status).toBe(409);
    expect((await move(reviewer, p.id, 'aangenomen')).body.state).toBe('aangenomen');

    const view = (await author.agent.get(`/api/v1/proposals/${p.id}`)).body;
    expect(view.comments.map((c: { text: string }) => c.text)).toEqual(['Graag een bron bij de rij.']);
    expect(view.history.map((h: { from: string; to: string }) => `${h.from ?? ''}>${h.to}`)).toEqual(
      ['>concept', 'concept>concept', 'concept>ingediend', 'ingediend>in_behandeling', 'in_behandeling>aangenomen']);
    expect(view.history.every((h: { actor: string; at: string }) => h.actor && h.at)).toBe(true);
    expect(view.changes.map((d: { key: string; change: string }) => `${d.change} ${d.key}`)).toContain('added row:beroepen:"psycholoog"|null@');
    expect(view.diff.rows.added).toEqual([expect.objectContaining({ table: 'beroepen', key: { functie: 'psycholoog', caoSchaal: null }, values: expect.objectContaining({ tariefgroep: 'TG4' }) })]);
    expect(view.diff.rules).toEqual({ added: [], removed: [], changed: [] });

    // Before adoption psycholoog is unknown in force on 2026-06-01.
    expect((await author.agent.post('/api/v1/evaluate').send(tariefgroep('psycholoog', '2026-06-01'))).body.outcome).toBe('overleg_contractbeheer');
    const a = await post(admin, '/api/v1/adoptions', { protocol: 'RTP', version: '2.1', validFrom: '2026-04-01', proposalIds: [p.id] });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect(a.body).toMatchObject({ protocol: 'RTP', version: '2.1', validFrom: '2026-04-01', status: 'vastgesteld', tag: 'rtp-2.1' });
    const after = await author.agent.post('/api/v1/evaluate').send(tariefgroep('psycholoog', '2026-06-01'));
    expect(after.body).toMatchObject({ version: '2.1', outcome: 'TG4' });
    // The old version still judges its own period.
    expect((await author.agent.post('/api/v1/evaluate').send(tariefgroep('psycholoog', '2025-06-01'))).body).toMatchObject({ version: '2.0', outcome: 'overleg_contractbeheer' });
    expect((await author.agent.get(`/api/v1/proposals/${p.id}`)).body.adoptedIn).toBe('2.1');
    // The version names its proposals, who adopted it and when; a version shipped in rules/ was not adopted here.
    expect((await author.agent.get('/api/v1/rulesets/RTP/2.1')).body.adoption).toEqual({
      tag: 'rtp-2.1', validFrom: '2026-04-01', adoptedBy: 'beheerder', adoptedAt: '2026-02-10T09:00:00.000Z',
      proposals: [{ id: p.id, title: 'Psycholoog valt onder TG4', category: 'verwerken', author: 'indiener' }],
    });
    expect((await author.agent.get('/api/v1/rulesets/RTP/2.0')).body.adoption).toBeNull();
    // Adopting it again is refused.
    const again = await post(admin, '/api/v1/adoptions', { protocol: 'RTP', version: '2.2', validFrom: '2027-01-01', proposalIds: [p.id] });
    expect(again.status).toBe(422);
  });

  it('refuses a submission whose changed version fails its tests, naming file:line:col', async () => {
    svc = await startService();
    const author = await svc.login('indiener');
    const p = await propose(author, { category: 'verwerken', files: therapeutToTg4() });
    const r = await post(author, `/api/v1/proposals/${p.id}/submit`);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('proposal_invalid');
    const failure = r.body.error.details.find((d: { code: string }) => d.code === 'test_failed');
    expect(failure).toMatchObject({ file: PATHS.tests, line: 3, column: 5 });
    expect(failure.message).toMatch(/^rtp\/2\.0\/tests\/tariefgroep\.yaml:3:5 test "therapeut in TG4" faalt: uitkomst: verwacht TG3, kreeg TG4/);
    expect((await author.agent.get(`/api/v1/proposals/${p.id}`)).body.state).toBe('concept');
  });

  it('creates and submits in one step; a refused submission leaves nothing behind (no concept, no branch, no audit entry)', async () => {
    svc = await startService();
    const author = await svc.login('indiener');
    const body = { title: 'Therapeut in TG4', rationale: 'Omdat het nodig is.', protocol: 'RTP', baseVersion: '2.0', category: 'verwerken', submit: true };
    const refused = await post(author, '/api/v1/proposals', { ...body, files: therapeutToTg4() });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('proposal_invalid');
    expect(refused.body.error.details.find((d: { code: string }) => d.code === 'test_failed')).toMatchObject({ pointer: '/files', file: PATHS.tests, line: 3, column: 5 });
    expect((await author.agent.get('/api/v1/proposals')).body.proposals).toEqual([]);
    expect((await svc.amend.store.auditLog()).filter((e) => e.entity === 'proposal')).toEqual([]);
    expect(execFileSync('git', ['branch', '--list', 'voorstel/*'], { cwd: svc.rulesRepo, encoding: 'utf8' })).toBe('');
    // A change whose tests pass: the same request creates one proposal, already submitted.
    const ok = await post(author, '/api/v1/proposals', { ...body, files: addPsycholoog() });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ state: 'ingediend', submittedAt: expect.any(String) });
    expect((await author.agent.get('/api/v1/proposals')).body.proposals.map((p: { id: number; state: string }) => p.state)).toEqual(['ingediend']);
    expect(ok.body.history.map((h: { action: string }) => h.action)).toEqual(['aangemaakt', 'ingediend']);
  });

  it('refuses a submission with broken YAML, with the position of the error', async () => {
    svc = await startService();
    const author = await svc.login('indiener');
    const p = await propose(author, { category: 'verwerken', files: [{ path: PATHS.table, text: 'id: beroepen\nrows: [\n' }] });
    const r = await post(author, `/api/v1/proposals/${p.id}/submit`);
    expect(r.status).toBe(422);
    const syntax = r.body.error.details.find((d: { code: string }) => d.code === 'yaml_syntax');
    expect(syntax).toMatchObject({ file: PATHS.table, line: 3, column: 1 });
    expect(syntax.message).toMatch(/^rtp\/2\.0\/tables\/beroepen\.yaml:3:1 YAML-fout/);
  });

  it('refuses files outside the base version and unknown base versions', async () => {
    svc = await startService();
    const author = await svc.login('indiener');
    const bad = await post(author, '/api/v1/proposals', { title: 'Titel', rationale: 'r', category: 'verwerken', protocol: 'RTP', baseVersion: '2.0', files: [{ path: '../../etc/passwd', text: 'x' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].pointer).toBe('/files/0/path');
    const unknown = await post(author, '/api/v1/proposals', { title: 'Titel', rationale: 'r', category: 'verwerken', protocol: 'RTP', baseVersion: '9.0' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('unknown_version');
    const notJson = await author.agent.post('/api/v1/proposals').set('X-CSRF-Token', author.csrf).set('Content-Type', 'application/json').send('{"title":');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('invalid_request');
  });
});

describe('verhelderen', () => {
  it('publishes an explanation attached to rules and changes no rule', async () => {
    svc = await startService();
    const [author, reviewer, admin] = [await svc.login('indiener'), await svc.login('beoordelaar'), await svc.login('beheerder')];
    const id = await accepted(author, reviewer, {
      category: 'verhelderen', title: 'Wat is overleg?', explanation: 'Bij twijfel beslist RSJ IJsselland na overleg met contractbeheer.', rules: ['rtp.tariefgroep.overleg'],
    });
    const ex = await author.agent.get('/api/v1/explanations?rule=rtp.tariefgroep.overleg');
    expect(ex.body.explanations).toEqual([expect.objectContaining({ id, rules: ['rtp.tariefgroep.overleg'], explanation: expect.stringContaining('RSJ') })]);
    // It cannot become a version.
    const a = await post(admin, '/api/v1/adoptions', { protocol: 'RTP', version: '2.1', validFrom: '2026-04-01', proposalIds: [id] });
    expect(a.status).toBe(422);
    expect(a.body.error.code).toBe('proposal_not_adoptable');
  });

  it('refuses a clarification that edits rule files', async () => {
    svc = await startService();
    const author = await svc.login('indiener');
    const p = await propose(author, { category: 'verhelderen', explanation: 'Uitleg', rules: ['rtp.tariefgroep.overleg'], files: rewordOverleg() });
    const r = await post(author, `/api/v1/proposals/${p.id}/submit`);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('proposal_invalid');
    expect(r.body.error.details).toEqual([{ pointer: '/files/0', message: `${PATHS.decision}: een verheldering wijzigt geen regelbestanden` }]);
  });

  it('refuses a clarification attached to a rule that does not exist', async () => {
    svc = await startService();
    const author = await svc.login('indiener');
    const p = await propose(author, { category: 'verhelderen', explanation: 'Uitleg', rules: ['rtp.bestaat.niet'] });
    const r = await post(author, `/api/v1/proposals/${p.id}/submit`);
    expect(r.status).toBe(422);
    expect(r.body.error.details).toEqual([{ pointer: '/rules/0', message: 'regel rtp.bestaat.niet bestaat niet in RTP 2.0' }]);
  });
});

describe('wijzigen', () => {
  async function inConsultation(now: string) {
    svc = await startService({ now });
    const [author, reviewer, admin] = [await svc.login('indiener'), await svc.login('beoordelaar'), await svc.login('beheerder')];
    const p = await propose(author, { category: 'wijzigen', title: 'Overleg met RSJ', files: rewordOverleg() });
    expect((await post(author, `/api/v1/proposals/${p.id}/submit`)).status).toBe(200);
    expect((await move(reviewer, p.id, 'in_behandeling')).status).toBe(200);
    // A change to the framework agreement cannot skip the consultation.
    expect((await move(reviewer, p.id, 'aangenomen')).status).toBe(409);
    expect((await move(reviewer, p.id, 'consultatie')).body.state).toBe('consultatie');
    return { id: p.id, author, reviewer, admin };
  }

  const consent = (s: Session, id: number, from: number, to: number, agrees = true) =>
    Promise.all(Array.from({ length: to - from + 1 }, (_, i) => post(s, `/api/v1/proposals/${id}/consents`, { providerId: `aanbieder-${from + i}`, agrees, ...ANSWER })));
  /** The day a provider answered and the document that proves it (every consent carries both). */
  const ANSWER = { answeredOn: '2026-02-09', proof: 'brief 2026-017' };

  it('is refused at 49% consent and accepted at 50%', async () => {
    const { id, reviewer, admin } = await inConsultation('2026-02-10T09:00:00Z');
    await addProviders(admin, 100);
    await consent(admin, id, 1, 49);
    await consent(reviewer, id, 50, 60, false);
    const view = (await reviewer.agent.get(`/api/v1/proposals/${id}`)).body;
    expect(view.consent).toEqual({ agreed: 49, total: 100, percent: 49, required: 50, sufficient: false, decided: false });
    // Per provider: who agreed or refused, who recorded it, when; providers not yet heard are listed too.
    const byId = new Map(view.consents.map((c: { providerId: string }) => [c.providerId, c]));
    expect(view.consents).toHaveLength(100);
    expect(byId.get('aanbieder-1')).toEqual({ providerId: 'aanbieder-1', providerName: 'Aanbieder 1', agrees: true, recordedBy: 'beheerder', at: '2026-02-10T09:00:00.000Z', answeredOn: '2026-02-09', proof: 'brief 2026-017' });
    expect(byId.get('aanbieder-55')).toMatchObject({ agrees: false, recordedBy: 'beoordelaar' });
    expect(byId.get('aanbieder-77')).toMatchObject({ agrees: null, recordedBy: null, at: null });
    const refused = await move(reviewer, id, 'aangenomen');
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('insufficient_consent');
    expect(refused.body.error.message).toContain('49 van 100');
    // Provider 50 changes its mind: now exactly half.
    expect((await post(reviewer, `/api/v1/proposals/${id}/consents`, { providerId: 'aanbieder-50', agrees: true, ...ANSWER })).body).toMatchObject({ agreed: 50, total: 100, percent: 50 });
    expect((await move(reviewer, id, 'aangenomen')).body.state).toBe('aangenomen');
  });

  it('counts only contracted providers and refuses unknown ones', async () => {
    const { id, reviewer, admin } = await inConsultation('2026-02-10T09:00:00Z');
    await addProviders(admin, 4);
    await consent(reviewer, id, 1, 2);
    // Aanbieder 4 leaves the register's contracted set: 2 of 3 now.
    expect((await post(admin, '/api/v1/providers', { id: 'aanbieder-4', name: 'Aanbieder 4', contracted: false })).status).toBe(200);
    expect((await reviewer.agent.get(`/api/v1/proposals/${id}`)).body.consent).toMatchObject({ agreed: 2, total: 3, percent: 66 });
    const unknown = await post(reviewer, `/api/v1/proposals/${id}/consents`, { providerId: 'niemand', agrees: true, ...ANSWER });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('unknown_provider');
  });

  it('records each answer with its date and proof, and keeps the counts as decided after the consultation', async () => {
    const { id, reviewer, admin } = await inConsultation('2026-02-10T09:00:00Z');
    await addProviders(admin, 4);
    // Without proof, or with an answer dated after today: refused, nothing recorded.
    const noProof = await post(reviewer, `/api/v1/proposals/${id}/consents`, { providerId: 'aanbieder-1', agrees: true, answeredOn: '2026-02-09' });
    expect(noProof.status).toBe(400);
    expect(noProof.body.error.details.map((d: { pointer: string }) => d.pointer)).toContain('/proof');
    const future = await post(reviewer, `/api/v1/proposals/${id}/consents`, { providerId: 'aanbieder-1', agrees: true, answeredOn: '2026-02-11', proof: 'brief 2026-017' });
    expect(future.status).toBe(400);
    expect(future.body.error.details).toEqual([{ pointer: '/answeredOn', message: 'de datum van het antwoord ligt na vandaag (2026-02-10)' }]);
    expect((await reviewer.agent.get(`/api/v1/proposals/${id}`)).body.consent.agreed).toBe(0);
    await consent(reviewer, id, 1, 3);
    const decided = await move(reviewer, id, 'aangenomen');
    expect(decided.body.consent).toEqual({ agreed: 3, total: 4, percent: 75, required: 50, sufficient: true, decided: true });
    expect(decided.body.decidedConsent).toEqual({ agreed: 3, total: 4 });
    // The register grows afterwards: the proposal still shows the count it was decided on, not 3 of 8.
    await addProviders(admin, 8);
    const later = (await reviewer.agent.get(`/api/v1/proposals/${id}`)).body;
    expect(later.consent).toMatchObject({ agreed: 3, total: 4, decided: true });
    expect(later.consents.find((c: { providerId: string }) => c.providerId === 'aanbieder-2')).toMatchObject({ agrees: true, answeredOn: '2026-02-09', proof: 'brief 2026-017' });
    expect(later.history.map((h: { reason: string | null }) => h.reason)).toContain('aanbieder aanbieder-2, antwoord van 2026-02-09, bewijs: brief 2026-017');
  });

  async function acceptedChange(now: string) {
    const { id, reviewer, admin, author } = await inConsultation(now);
    await addProviders(admin, 2);
    await consent(reviewer, id, 1, 1);
    expect((await move(reviewer, id, 'aangenomen')).status).toBe(200);
    return { id, admin, author };
  }

  it('submitted on 1 March can be in force the next 1 January', async () => {
    const { id, admin, author } = await acceptedChange('2026-03-01T10:00:00Z');
    expect((await author.agent.get(`/api/v1/proposals/${id}`)).body.earliestValidFrom).toBe('2027-01-01');
    const a = await post(admin, '/api/v1/adoptions', { protocol: 'RTP', version: '2.1', validFrom: '2027-01-01', proposalIds: [id] });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
  });

  it('submitted on 2 March lands a year later', async () => {
    const { id, admin, author } = await acceptedChange('2026-03-02T10:00:00Z');
    expect((await author.agent.get(`/api/v1/proposals/${id}`)).body.earliestValidFrom).toBe('2028-01-01');
    const early = await post(admin, '/api/v1/adoptions', { protocol: 'RTP', version: '2.1', validFrom: '2027-01-01', proposalIds: [id] });
    expect(early.status).toBe(422);
    expect(early.body.error.code).toBe('deadline_missed');
    expect(early.body.error.message).toContain('2028-01-01');
    const notJanuary = await post(admin, '/api/v1/adoptions', { protocol: 'RTP', version: '2.1', validFrom: '2028-03-01', proposalIds: [id] });
    expect(notJanuary.body.error.code).toBe('deadline_missed');
    expect((await post(admin, '/api/v1/adoptions', { protocol: 'RTP', version: '2.1', validFrom: '2028-01-01', proposalIds: [id] })).status).toBe(201);
  });

  it('uses the Dutch calendar day: 1 March 00:30 in Amsterdam is still on time', async () => {
    const { id, author } = await acceptedChange('2026-02-28T23:30:00Z');
    expect((await author.agent.get(`/api/v1/proposals/${id}`)).body.earliestValidFrom).toBe('2027-01-01');
  });
});

describe('impact kept with the proposal', () => {
  it('stores who ran it, when, on what corpus, and keeps it across state changes', async () => {
    svc = await startService();
    const [author, reviewer] = [await svc.login('indiener'), await svc.login('beoordelaar')];
    // The generated corpus asks for the psychiater, whom the fixture's table does not know (overleg) until this row.
    const files = [{ path: PATHS.table, text: fixtureText(PATHS.table).replace('  - { functie: therapeut, tariefgroep: TG3 }\n', '  - { functie: therapeut, tariefgroep: TG3 }\n  - { functie: psychiater, tariefgroep: TG4 }\n') }];
    const p = await propose(author, { category: 'verwerken', files });
    const run = await post(reviewer, `/api/v1/proposals/${p.id}/impact`, { size: 300, seed: 3 });
    expect(run.status, JSON.stringify(run.body)).toBe(201);
    expect(run.body).toMatchObject({ proposalId: p.id, actor: 'beoordelaar', corpus: 'synthetisch corpus, seed 3, 300 casussen', baseVersion: '2.0', state: 'concept' });
    expect(run.body.report.changed).toBeGreaterThan(0);
    expect(run.body.report.transitions.map((t: { from: string; to: string }) => `${t.from} -> ${t.to}`)).toEqual(['tariefgroep: overleg_contractbeheer -> TG4']);
    await post(author, `/api/v1/proposals/${p.id}/transition`, { to: 'ingetrokken', reason: 'toch niet' });
    const view = (await author.agent.get(`/api/v1/proposals/${p.id}`)).body;
    expect(view.state).toBe('ingetrokken');
    expect(view.impacts).toHaveLength(1);
    expect(view.impacts[0]).toMatchObject({ actor: 'beoordelaar', report: { changed: run.body.report.changed } });
    const bad = await post(reviewer, `/api/v1/proposals/${p.id}/impact`, { size: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ pointer: '/size', message: 'geheel getal 1..20000' }]);
  });

  it('runs off the event loop, one at a time: a second request meanwhile gets 429 with Retry-After, and /healthz answers', async () => {
    svc = await startService();
    const [author, reviewer] = [await svc.login('indiener'), await svc.login('beoordelaar')];
    const p = await propose(author, { category: 'verwerken', files: [{ path: PATHS.table, text: fixtureText(PATHS.table).replace('  - { functie: therapeut, tariefgroep: TG3 }\n', '  - { functie: therapeut, tariefgroep: TG3 }\n  - { functie: psychiater, tariefgroep: TG4 }\n') }] });
    const both = Promise.all([post(reviewer, `/api/v1/proposals/${p.id}/impact`, { size: 2000, seed: 1 }), post(reviewer, `/api/v1/proposals/${p.id}/impact`, { size: 300, seed: 2 })].map((t) => Promise.resolve(t)));
    const health = await author.agent.get('/healthz');
    const answers = await both;
    expect(answers.map((r) => r.status).sort()).toEqual([201, 429]);
    const refused = answers.find((r) => r.status === 429)!;
    expect(refused.headers['retry-after']).toBe('30');
    expect(refused.body.error.code).toBe('too_many_requests');
    expect(health.status).toBe(200);
  });
});

describe('adoption refusals', () => {
  it('refuses an existing version number, a stale base and a validFrom before the base', async () => {
    svc = await startService();
    const [a, reviewer, admin] = [await svc.login('indiener'), await svc.login('beoordelaar'), await svc.login('beheerder')];
    const first = await accepted(a, reviewer, { category: 'verwerken', files: addPsycholoog() });
    const second = await accepted(a, reviewer, { category: 'verwerken', files: rewordOverleg() });
    const early = await post(admin, '/api/v1/adoptions', { protocol: 'RTP', version: '2.1', validFrom: '2024-06-01', proposalIds: [first] });
    expect(early.status).toBe(400);
    expect(early.body.error.details).toEqual([{ pointer: '/validFrom', message: 'te vroeg' }]);
    const exists = await post(admin, '/api/v1/adoptions', { protocol: 'RTP', version: '2.0', validFrom: '2026-04-01', proposalIds: [first] });
    expect(exists.body.error.code).toBe('version_exists');
    expect((await post(admin, '/api/v1/adoptions', { protocol: 'RTP', version: '2.1', validFrom: '2026-04-01', proposalIds: [first] })).status).toBe(201);
    // The second proposal was written against 2.0, which is no longer the newest version.
    const stale = await post(admin, '/api/v1/adoptions', { protocol: 'RTP', version: '2.2', validFrom: '2027-01-01', proposalIds: [second] });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_base');
    const malformed = await post(admin, '/api/v1/adoptions', { protocol: 'XYZ', version: 'twee', validFrom: '2026-02-30', proposalIds: [] });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details.map((d: { pointer: string }) => d.pointer)).toEqual(['/protocol', '/version', '/validFrom', '/proposalIds']);
  });
});

describe('adoption conflicts', () => {
  it('shows two proposals on the same table row to each other, and refuses accepting the second, naming the row (it is not stuck)', async () => {
    svc = await startService();
    const [a1, a2, reviewer, admin] = [await svc.login('indiener'), await svc.login('indiener2'), await svc.login('beoordelaar'), await svc.login('beheerder')];
    const first = await accepted(a1, reviewer, { category: 'verwerken', files: spvToTg4() });
    const second = await propose(a2, { category: 'verwerken', title: 'SPV met bron', files: spvToTg4('brief 22') });
    // Before anything is stored, a draft in the editor already sees the accepted proposal on its row.
    const draft = await post(a2, '/api/v1/proposals/overlaps', { protocol: 'RTP', baseVersion: '2.0', files: spvToTg4('brief 23') });
    expect(draft.status, JSON.stringify(draft.body)).toBe(200);
    expect(draft.body.overlaps.map((o: { id: number }) => o.id)).toEqual([first, second.id]); // the concept too: it is open
    const bad = await post(a2, '/api/v1/proposals/overlaps', { protocol: 'RTP', baseVersion: 'twee', files: [{ path: 1 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { pointer: string }) => d.pointer)).toEqual(['/baseVersion', '/files/0']);
    // While still a concept, the author sees the other proposal on the same row.
    const early = (await a2.agent.get(`/api/v1/proposals/${second.id}`)).body;
    expect(early.overlaps).toEqual([expect.objectContaining({ id: first, state: 'aangenomen', items: [expect.stringContaining('rij functie="spv", caoSchaal={"max":9} van tabel beroepen')] })]);
    expect((await post(a2, `/api/v1/proposals/${second.id}/submit`)).status).toBe(200);
    expect((await move(reviewer, second.id, 'in_behandeling')).status).toBe(200);
    const r = await move(reviewer, second.id, 'aangenomen');
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('proposal_conflict');
    expect(r.body.error.message).toContain(`voorstel ${first}`);
    expect(r.body.error.message).toContain('rij functie="spv", caoSchaal={"max":9} van tabel beroepen');
    // It stays in review, where it can still be rejected; the first one is adopted alone.
    expect((await a2.agent.get(`/api/v1/proposals/${second.id}`)).body.state).toBe('in_behandeling');
    expect((await move(reviewer, second.id, 'afgewezen')).body.state).toBe('afgewezen');
    expect((await post(admin, '/api/v1/adoptions', { protocol: 'RTP', version: '2.1', validFrom: '2026-04-01', proposalIds: [first] })).status).toBe(201);
  });

  it('refuses accepting a proposal whose base version is no longer the newest', async () => {
    svc = await startService();
    const [a1, a2, reviewer, admin] = [await svc.login('indiener'), await svc.login('indiener2'), await svc.login('beoordelaar'), await svc.login('beheerder')];
    const first = await accepted(a1, reviewer, { category: 'verwerken', files: addPsycholoog() });
    const second = await propose(a2, { category: 'verwerken', files: rewordOverleg() });
    expect((await post(a2, `/api/v1/proposals/${second.id}/submit`)).status).toBe(200);
    expect((await move(reviewer, second.id, 'in_behandeling')).status).toBe(200);
    expect((await post(admin, '/api/v1/adoptions', { protocol: 'RTP', version: '2.1', validFrom: '2026-04-01', proposalIds: [first] })).status).toBe(201);
    expect((await a2.agent.get(`/api/v1/proposals/${second.id}`)).body.newestVersion).toBe('2.1');
    const r = await move(reviewer, second.id, 'aangenomen');
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('stale_base');
    expect(r.body.error.message).toContain('RTP 2.1');
  });

  it('brings an accepted proposal whose base moved up to date: re-applied on the newest version, re-tested, then adoptable', async () => {
    svc = await startService();
    const [a1, a2, reviewer, admin] = [await svc.login('indiener'), await svc.login('indiener2'), await svc.login('beoordelaar'), await svc.login('beheerder')];
    const first = await accepted(a1, reviewer, { category: 'verwerken', files: addPsycholoog() });
    const second = await accepted(a2, reviewer, { category: 'verwerken', files: rewordOverleg() });
    // Only the first is adopted: the second, accepted on 2.0, would be stuck.
    expect((await post(admin, '/api/v1/adoptions', { protocol: 'RTP', version: '2.1', validFrom: '2026-04-01', proposalIds: [first] })).status).toBe(201);
    expect((await post(admin, '/api/v1/adoptions', { protocol: 'RTP', version: '2.2', validFrom: '2027-01-01', proposalIds: [second] })).body.error.code).toBe('stale_base');
    // The author may not be the one to decide, but a reviewer brings it up to date.
    const r = await post(reviewer, `/api/v1/proposals/${second}/rebase`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ baseVersion: '2.1', newestVersion: '2.1', state: 'aangenomen' });
    expect(r.body.files.map((f: { path: string }) => f.path)).toEqual(['rtp/2.1/decisions/tariefgroep.yaml']);
    expect(r.body.history.at(-1)).toMatchObject({ actor: 'beoordelaar', action: 'bijgewerkt' });
    expect((await post(reviewer, `/api/v1/proposals/${second}/rebase`)).body.error.code).toBe('up_to_date');
    // git: the branch now differs from the newest tag by exactly the proposal's file.
    const names = execFileSync('git', ['--git-dir', svc.amend.repo.gitDir, 'diff', '--name-only', 'rtp-2.1', `voorstel/${second}`]).toString().trim();
    expect(names).toBe('rtp/decisions/tariefgroep.yaml');
    const a = await post(admin, '/api/v1/adoptions', { protocol: 'RTP', version: '2.2', validFrom: '2027-01-01', proposalIds: [second] });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    // Both changes are in force in 2.2.
    expect((await a1.agent.post('/api/v1/evaluate').send(tariefgroep('psycholoog', '2027-06-01'))).body).toMatchObject({ version: '2.2', outcome: 'TG4' });
    expect((await a1.agent.post('/api/v1/evaluate').send(tariefgroep('kok', '2027-06-01'))).body.events[0].message).toBe('Overleg met contractbeheer van RSJ IJsselland; RSJ beslist.');
  });

  it('refuses to bring a proposal up to date when it clashes with the newest version, and changes nothing', async () => {
    svc = await startService();
    const [a1, a2, reviewer, admin] = [await svc.login('indiener'), await svc.login('indiener2'), await svc.login('beoordelaar'), await svc.login('beheerder')];
    const first = await accepted(a1, reviewer, { category: 'verwerken', files: spvToTg4('brief 22') });
    const concept = await propose(a2, { category: 'verwerken', files: spvToTg4() });
    expect((await post(admin, '/api/v1/adoptions', { protocol: 'RTP', version: '2.1', validFrom: '2026-04-01', proposalIds: [first] })).status).toBe(201);
    const r = await post(a2, `/api/v1/proposals/${concept.id}/rebase`);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('rebase_conflict');
    expect(r.body.error.details).toEqual([{ pointer: '/files/0', message: 'tables/beroepen.yaml: 1 tekstconflict met de wijzigingen in RTP 2.1' }]);
    const view = (await a2.agent.get(`/api/v1/proposals/${concept.id}`)).body;
    expect(view.baseVersion).toBe('2.0');
    // Someone else's concept is not theirs to move.
    expect((await post(reviewer, `/api/v1/proposals/${concept.id}/rebase`)).status).toBe(403);
  });

  it('merges proposals that change different items, also in one file', async () => {
    svc = await startService();
    const [a1, a2, reviewer, admin] = [await svc.login('indiener'), await svc.login('indiener2'), await svc.login('beoordelaar'), await svc.login('beheerder')];
    const first = await accepted(a1, reviewer, { category: 'verwerken', files: addPsycholoog() });
    const second = await accepted(a2, reviewer, { category: 'verwerken', files: rewordOverleg() });
    const third = await accepted(a2, reviewer, { category: 'verwerken', files: spvFrom10Sourced() });
    const r = await post(admin, '/api/v1/adoptions', { protocol: 'RTP', version: '2.1', validFrom: '2026-04-01', proposalIds: [first, second, third] });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const kok = await a1.agent.post('/api/v1/evaluate').send(tariefgroep('kok', '2026-06-01'));
    expect(kok.body.events[0].message).toBe('Overleg met contractbeheer van RSJ IJsselland; RSJ beslist.');
    expect((await a1.agent.post('/api/v1/evaluate').send(tariefgroep('psycholoog', '2026-06-01'))).body.outcome).toBe('TG4');
  });
});
