/**
 * The editor in a real browser (Debian's chromium via playwright-core) against
 * the real service with its SQLite store and git rules repository in a temp dir:
 * a proposer edits and proposes, a reviewer approves, an admin adopts, and the
 * new version answers on /api/v1/evaluate. Screenshots go to test-results/screenshots.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../src/server/start.js';
import { today } from '../../src/base/clock.js';
import { SHOTS, startBrowserService, submitLogin, showYaml } from './browser-service.js';
import { replaceOnLine } from './keyboard.js';
import { SHIPPED_RULES_DIR } from '../../src/evaluate/project.js';

let server: Running;
let browser: Browser;

beforeAll(async () => {
  ({ server, browser } = await startBrowserService('e2e-data-'));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** What the browser refused under the service's Content-Security-Policy, on every page these tests open. */
const cspViolations: string[] = [];
async function newPage(): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text()); });
  return page;
}

async function loginAs(user: string): Promise<Page> {
  const page = await newPage();
  await page.goto(`${server.url}/editor/`);
  await submitLogin(page, user);
  return page;
}

const FILE = 'rtp/2.0/tables/beroepentabel.yaml';
/** The year after the service's today (the real clock): a version from then on starts in the future. */
const NEXT_YEAR = Number(today().slice(0, 4)) + 1;

/** Form fields (input, select, textarea) exposed to assistive technology without an accessible name: their HTML. */
const unlabelled = (page: Page) => page.locator('input:not([type=hidden]), select, textarea').evaluateAll((els) =>
  els.filter((el) => !el.closest('[aria-hidden=true]')).filter((el) => !((el as HTMLInputElement).labels?.length || el.getAttribute('aria-label')?.trim() || el.getAttribute('aria-labelledby'))).map((el) => el.outerHTML.slice(0, 120)));

/** Presses Tab until the focused element matches, as a keyboard user would; fails naming what it passed. */
async function tabTo(page: Page, what: string, matches: (el: Element) => boolean, max = 60) {
  const passed: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const hit = await page.evaluate((src) => {
      const el = document.activeElement;
      return el ? { ok: (new Function('el', `return (${src})(el)`) as (e: Element) => boolean)(el), label: `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"` } : { ok: false, label: 'niets' };
    }, matches.toString());
    if (hit.ok) return;
    passed.push(hit.label);
  }
  throw new Error(`met Tab niet bij ${what} gekomen; langs: ${passed.join(', ')}`);
}

/** The line number (1-based) of the first line of a served file that starts with `prefix`. */
async function lineOf(path: string, version: string, prefix: string) {
  const body = await (await fetch(`${server.url}/api/v1/rulesets/RTP/${version}/files`)).json() as { files: { path: string; text: string }[] };
  return body.files.find((f) => f.path === path)!.text.split('\n').findIndex((l) => l.startsWith(prefix)) + 1;
}

describe('the editor', () => {
  it('proposer edits with live errors, tests and Probeer; reviewer approves; adoption without the matching RAP change is made and the disagreement shown as a warning', async () => {
    // Proposer: browse, open the professions table.
    const proposer = await loginAs('indiener');
    await proposer.screenshot({ path: join(SHOTS, '1-versies.png') });
    await proposer.goto(`${server.url}/editor/#/bewerk/RTP/2.0/${FILE}`);
    await showYaml(proposer);
    await proposer.locator('.monaco-editor .view-lines').waitFor();
    await expect.poll(() => proposer.getByRole('status').first().textContent(), { timeout: 20_000 }).toContain('Geldig');

    // An invalid edit: a new row whose tariff group is a number, typed after the therapist's row.
    const therapist = await lineOf(FILE, '2.0', '  - { functie: kinder- en jeugdtherapeut');
    await proposer.locator('.monaco-editor .view-line', { hasText: 'functie: kinder- en jeugdtherapeut' }).click();
    await proposer.keyboard.press('End');
    await proposer.keyboard.press('Enter');
    await proposer.keyboard.type('- { functie: logopedist, tariefgroep: 3 }');
    const problem = proposer.getByTestId('problems').locator('li', { hasText: FILE }).first();
    await expect.poll(() => problem.textContent(), { timeout: 20_000 }).toContain(`${FILE}:${therapist + 1}:`);
    expect(await problem.textContent()).toContain("kolom 'tariefgroep': moet tekst zijn");
    await proposer.locator('.squiggly-error').first().waitFor();
    await proposer.screenshot({ path: join(SHOTS, '2-editor-fout.png') });

    // Fix it: the number becomes a tariff group; the marker goes.
    await proposer.keyboard.press('End');
    for (let i = 0; i < 3; i++) await proposer.keyboard.press('Backspace'); // " 3 }" -> " "
    await proposer.keyboard.type('TG3, illustrative: true }');
    await expect.poll(() => proposer.getByRole('status').first().textContent(), { timeout: 20_000 }).toContain('Geldig');
    // Both the server's markers and the YAML worker's schema markers clear (the worker checks on its own debounce).
    await expect.poll(() => proposer.locator('.squiggly-error').count(), { timeout: 20_000 }).toBe(0);
    expect(await proposer.getByTestId('problems').textContent()).toContain('Geen problemen');

    // The version's tests on the draft.
    await proposer.getByRole('tab', { name: 'Tests' }).click();
    await expect.poll(() => proposer.getByTestId('tests').textContent(), { timeout: 20_000 }).toMatch(/\d+ geslaagd, 0 mislukt/);
    await proposer.screenshot({ path: join(SHOTS, '3-tests.png') });

    // Probeer: the new row answers on the unsaved draft.
    await proposer.getByRole('tab', { name: 'Probeer' }).click();
    await proposer.getByLabel('Beslissing').selectOption('tariefgroep');
    // A form from the facts schema, filled from one of the version's test cases, then changed.
    await proposer.getByLabel('Vullen uit testgeval').selectOption({ label: 'Kinder- en jeugdtherapeut declareert vanaf 2025 onder TG3' });
    expect(await proposer.getByLabel('Functie', { exact: true }).inputValue()).toBe('kinder- en jeugdtherapeut');
    await proposer.getByLabel('Functie', { exact: true }).fill('logopedist');
    await proposer.getByLabel('Cao-schaal (optioneel)', { exact: true }).fill('8');
    // A date on which the change could apply (a version with it starts today at the earliest).
    await proposer.getByLabel('Datum', { exact: true }).fill(`${NEXT_YEAR}-03-01`);
    await proposer.getByRole('button', { name: 'Probeer', exact: true }).click();
    // The current version and the draft side by side: only the draft knows the logopedist.
    await expect.poll(() => proposer.getByTestId('outcome').textContent(), { timeout: 20_000 }).toBe('TG3');
    expect(await proposer.getByTestId('outcome-current').textContent()).toBe('overleg_contractbeheer');
    expect(await proposer.getByTestId('probeer-verschil').textContent()).toBe('Uw wijzigingen veranderen dit antwoord.');
    // The draft's answer rests on the new row, which is marked illustrative: the answer says so and names it.
    expect(await proposer.getByTestId('illustrative').filter({ hasText: 'beroepentabel:logopedist' }).count()).toBe(1);
    await proposer.screenshot({ path: join(SHOTS, '4-probeer.png') });
    // A date before the change could start is answered by the version in force then, and the answer says so.
    await proposer.getByLabel('Datum', { exact: true }).fill('2025-03-01');
    await proposer.getByRole('button', { name: 'Probeer', exact: true }).click();
    await expect.poll(() => proposer.getByTestId('outcome').textContent(), { timeout: 20_000 }).toBe('overleg_contractbeheer');
    expect(await proposer.getByTestId('outcome-answered-by').textContent()).toMatch(/^Uw wijzigingen gelden pas vanaf \d+ [a-z]+ 20\d\d\. Op 1 maart 2025 antwoordt RTP 2\.0, de versie die dan geldt\.$/);
    expect(await proposer.getByTestId('probeer-verschil').textContent()).toContain('Uw wijzigingen gelden op deze peildatum nog niet');
    await proposer.screenshot({ path: join(SHOTS, '4b-probeer-voor-ingang.png') });

    // Diff against the base version.
    await proposer.getByRole('tab', { name: 'Verschil' }).click();
    await expect.poll(() => proposer.getByTestId('semantic-diff').textContent(), { timeout: 20_000 }).toContain('Rij toegevoegd in tabel beroepentabel');
    await proposer.screenshot({ path: join(SHOTS, '5-verschil.png') });

    // Propose.
    await proposer.getByRole('tab', { name: 'Voorstel' }).click();
    await proposer.getByLabel('Categorie').selectOption('verwerken');
    await proposer.getByLabel('Titel').fill('Logopedist in de beroepentabel');
    await proposer.getByLabel('Toelichting').fill('De logopedist ontbreekt in de beroepentabel; voorstel: TG3.');
    await proposer.getByRole('button', { name: 'Voorstel indienen' }).click();
    await expect.poll(() => proposer.getByTestId('propose-result').textContent(), { timeout: 30_000 }).toContain('ingediend');
    const id = Number(/Voorstel (\d+)/.exec((await proposer.getByTestId('propose-result').textContent())!)![1]);

    // Reviewer: the diff, then approve.
    const reviewer = await loginAs('beoordelaar');
    await reviewer.goto(`${server.url}/editor/#/voorstellen`);
    await reviewer.getByRole('link', { name: `#${id} Logopedist in de beroepentabel` }).waitFor();
    await reviewer.screenshot({ path: join(SHOTS, '0-voorstellen.png') });
    await reviewer.getByRole('link', { name: `#${id} Logopedist in de beroepentabel` }).click();
    await expect.poll(() => reviewer.getByTestId('semantic-diff').textContent()).toContain('logopedist');
    await expect.poll(() => reviewer.getByTestId('proposal-tests').textContent(), { timeout: 30_000 }).toMatch(/\d+ geslaagd, 0 mislukt/);
    await reviewer.getByRole('button', { name: 'Impact berekenen' }).click();
    await expect.poll(() => reviewer.getByTestId('impact').textContent(), { timeout: 60_000 }).toMatch(/0 van \d+ antwoorden veranderen|\d+ van \d+ antwoorden veranderen/);
    await reviewer.screenshot({ path: join(SHOTS, '6-beoordelen.png'), fullPage: true });
    expect(await unlabelled(reviewer)).toEqual([]);
    await reviewer.getByRole('button', { name: 'In behandeling nemen' }).click();
    await expect.poll(() => reviewer.getByTestId('state').getAttribute('data-state'), { timeout: 30_000 }).toBe('in_behandeling');
    await reviewer.getByLabel('Reden').fill('Past in het inkoopmodel');
    await reviewer.getByRole('button', { name: 'Aannemen' }).click();
    await expect.poll(() => reviewer.getByTestId('state').getAttribute('data-state'), { timeout: 30_000 }).toBe('aangenomen');

    // Admin: adoption checks RTP against RAP (one professions table for both protocols, src/load/check-protocol-agreement.ts):
    // the logopedist only in RTP is adopted (proposals change one protocol at a time, so RAP can only follow), and the
    // disagreement is shown on the proposal's page, naming the RAP table, so the matching RAP proposal is not forgotten.
    const admin = await loginAs('beheerder');
    await admin.goto(`${server.url}/editor/#/voorstel/${id}`);
    expect(await unlabelled(admin)).toEqual([]);
    const adopt = admin.getByRole('region', { name: 'Vaststellen' });
    await adopt.getByLabel('Nieuwe versie').fill('2.1');
    await adopt.getByLabel('Geldig vanaf').fill(`${NEXT_YEAR}-01-01`);
    await adopt.getByRole('button', { name: 'Vaststellen' }).click();
    const warned = admin.getByRole('region', { name: 'Waarschuwingen bij vaststellen' });
    await expect.poll(() => warned.textContent(), { timeout: 60_000 }).toContain('beroepentabel logopedist (niet in de tabel) wijkt af van RTP 2.1 beroepentabel logopedist (TG3)');
    await admin.screenshot({ path: join(SHOTS, '7-vastgesteld-met-waarschuwing.png'), fullPage: true });
    // The new version answers from its date.
    const r = await fetch(`${server.url}/api/v1/evaluate`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ protocol: 'RTP', decision: 'tariefgroep', facts: { functie: 'logopedist', caoSchaal: 8, datum: `${NEXT_YEAR}-02-01` } }),
    });
    expect(await r.json()).toMatchObject({ version: '2.1', outcome: 'TG3' });
  }, 240_000);
  it('completes values and explains keys from the rule-file schema', async () => {
    const page = await loginAs('indiener');
    await page.goto(`${server.url}/editor/#/bewerk/RTP/2.0/rtp/2.0/ruleset.yaml`);
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 20_000 }).toContain('Geldig');
    // Completion from the schema: the status values, two of which occur nowhere in the file.
    await page.locator('.monaco-editor .view-line', { hasText: 'status: vastgesteld' }).click();
    await page.keyboard.press('End');
    for (let i = 0; i < 'vastgesteld'.length; i++) await page.keyboard.press('Backspace');
    await page.keyboard.press('Control+Space');
    const rows = page.locator('.suggest-widget .monaco-list-row');
    await rows.filter({ hasText: 'werkdocument' }).first().waitFor({ timeout: 20_000 });
    expect((await rows.allTextContents()).join(' ')).toContain('vervallen');
    await page.screenshot({ path: join(SHOTS, '8-aanvullen.png') });
    await page.keyboard.press('Escape');
    // Hover: the schema's description of validFrom, in Dutch.
    await page.locator('.monaco-editor .view-line', { hasText: 'validFrom: 2025-01-01' }).locator('span span', { hasText: /^validFrom$/ }).hover();
    await expect.poll(() => page.locator('.monaco-hover').first().textContent(), { timeout: 20_000 }).toContain('Eerste dag waarop deze versie geldt');
  }, 120_000);

  it('marks a failing test case at its line in the test file', async () => {
    const page = await loginAs('indiener');
    await page.goto(`${server.url}/editor/#/bewerk/RTP/2.0/rtp/2.0/tests/tariefgroep.yaml`);
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 20_000 }).toContain('Geldig');
    // The first case expects TG3 for the therapist in 2025; make it expect TG5.
    await page.locator('.monaco-editor .view-line', { hasText: 'outcome: TG3' }).first().click();
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('5');
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 20_000 }).toMatch(/tests: \d+ geslaagd, 1 mislukt/);
    const line = await lineOf('rtp/2.0/tests/tariefgroep.yaml', '2.0', '  - name: Kinder- en jeugdtherapeut declareert vanaf 2025 onder TG3');
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('F8');
    const marker = page.locator('.marker-widget');
    await expect.poll(() => marker.textContent(), { timeout: 20_000 }).toContain('Test mislukt: Kinder- en jeugdtherapeut declareert vanaf 2025 onder TG3');
    expect(await marker.textContent()).toContain('TG5');
    // F8 moved the cursor to the marker: the case's first line.
    expect(await page.locator('.monaco-editor .line-numbers.active-line-number').first().textContent()).toBe(String(line));
    await page.screenshot({ path: join(SHOTS, '8b-test-mislukt.png') });
  }, 120_000);

  it("says in the Tests tab whether the tests notice the draft's change (rule mutation of the changed rule)", async () => {
    const page = await loginAs('indiener');
    await page.goto(`${server.url}/editor/#/bewerk/RTP/2.0/rtp/2.0/decisions/toewijzing.yaml`);
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 30_000 }).toContain('Geldig');
    // Change the GI rule's title: the rule counts as changed, and every mutant of it is noticed by a shipped case.
    const text = readFileSync(join(SHIPPED_RULES_DIR, 'rtp/2.0/decisions/toewijzing.yaml'), 'utf8');
    await replaceOnLine(page, text, 'title: Een gecertificeerde instelling verwijst', 'via een offerte', 'via een offerte (GI)');
    const section = page.getByTestId('mutation');
    await expect.poll(() => section.textContent().catch(() => ''), { timeout: 60_000 }).toContain('Elke wijziging van rtp.toewijzing.gi-altijd-offerte wordt door een test opgemerkt');
    expect(await section.textContent()).not.toContain('merkt geen test op');
  }, 120_000);

  it('works with the keyboard alone, every form field labelled', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/editor/`);
    await page.getByLabel('Gebruikersnaam').waitFor();
    expect(await unlabelled(page)).toEqual([]);
    // The user name field has focus on arrival.
    await page.keyboard.type('indiener');
    await page.keyboard.press('Tab');
    await page.keyboard.type('indiener');
    await page.keyboard.press('Enter');
    await page.getByTestId('timeline-RTP').waitFor();
    await tabTo(page, 'RTP 2.0', (el) => el.textContent === 'RTP 2.0');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Tabellen' }).waitFor();
    await tabTo(page, 'de beroepentabel', (el) => el.tagName === 'A' && (el.textContent ?? '').endsWith('tables/beroepentabel.yaml'));
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 20_000 }).toContain('Geldig');
    expect(await unlabelled(page)).toEqual([]);

    // A table opens as a grid: to its YAML view with the keyboard, then into the editor, to the therapist's row with "go to line", and an invalid row typed after it.
    await tabTo(page, 'de knop YAML', (el) => el.tagName === 'BUTTON' && el.textContent === 'YAML');
    await page.keyboard.press('Enter');
    await tabTo(page, 'de editor', (el) => el.closest('.monaco-editor') !== null);
    const therapist = await lineOf(FILE, '2.0', '  - { functie: kinder- en jeugdtherapeut');
    await page.keyboard.press('Control+G');
    const goToLine = page.locator('.quick-input-widget');
    await goToLine.waitFor({ state: 'visible' });
    await page.keyboard.type(String(therapist));
    await page.keyboard.press('Enter');
    await goToLine.waitFor({ state: 'hidden' });
    await page.keyboard.press('End');
    // A suggestion list that opened on a slow machine would take the Enter: close it first.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    await page.keyboard.type('- { functie: ergotherapeut, tariefgroep: 3 }');
    await page.keyboard.press('Escape');
    const problem = page.getByTestId('problems').getByRole('button', { name: new RegExp(`Ga naar regel ${therapist + 1},`) });
    await problem.waitFor({ timeout: 20_000 });

    // Away from the line, out of the editor (Ctrl+M lets Tab leave it), and back through the problem list.
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Control+M');
    await tabTo(page, 'het probleem', (el) => (el.getAttribute('aria-label') ?? '').startsWith('Ga naar regel'));
    await page.keyboard.press('Enter');
    // The cursor is on the problem again: fix it where it stands.
    await page.keyboard.press('End');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Backspace');
    await page.keyboard.type('TG4, illustrative: true }');
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 20_000 }).toContain('Geldig');

    // To the tabs, arrow keys to "Voorstel", and the form filled and sent from the keyboard.
    await tabTo(page, 'de tabbladen', (el) => el.getAttribute('role') === 'tab');
    for (let i = 0; i < 5 && (await page.evaluate(() => document.activeElement?.textContent)) !== 'Voorstel'; i++) await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: 'Voorstel' }).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).id)).toBe(await page.getByLabel('Categorie').getAttribute('id'));
    await page.keyboard.press('Tab');
    await page.keyboard.type('Ergotherapeut in TG4');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Met alleen het toetsenbord ingediend.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('propose-result').textContent(), { timeout: 30_000 }).toContain('ingediend');
    expect(await unlabelled(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, '9-toetsenbord.png') });
  }, 180_000);

  it('runs under the service\'s Content-Security-Policy without a single violation (Monaco, its workers, the forms)', () => {
    expect(cspViolations).toEqual([]);
  });
});
