/**
 * Changes that take effect (issue 27, build 1), as staff meet them in a real browser (chromium) against
 * the real service: the author who changes a 2025 tariff row is told while typing and after submitting
 * that no new version can ever read it; the reviewer reads the same; the administrator's adoption is
 * refused with the row named; a start in the past is adopted only with a reason, which the version
 * page shows. Screenshots go to test-results/screenshots (e-*.png).
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../src/server/start.js';
import { today } from '../../src/base/clock.js';
import { SHOTS, startBrowserService, submitLogin, showYaml } from './browser-service.js';
import { replaceOnLine } from './keyboard.js';

let server: Running;
let browser: Browser;
const problems: string[] = [];

beforeAll(async () => {
  ({ server, browser } = await startBrowserService('e2e-effect-', ['--lang=nl-NL']));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const TARIFFS = 'rtp/2.0/tables/uurtarieven.yaml';
const TG2_2025 = 'tariefgroep: TG2, uurtarief: 7072, from: 2025-01-01';
const TITLE = 'Uurtarief TG2 2025 naar 71,00';

async function loginAs(user: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' })).newPage();
  page.on('pageerror', (e) => problems.push(`${user}: ${e.message}`));
  await page.goto(`${server.url}/editor/`);
  await submitLogin(page, user);
  return page;
}

async function served(path: string) {
  const body = await (await fetch(`${server.url}/api/v1/rulesets/RTP/2.0/files`)).json() as { files: { path: string; text: string }[] };
  return body.files.find((f) => f.path === path)!.text;
}

describe('a change that can never take effect, and a retroactive start', () => {
  it('is named to the author while typing and after submitting, to the reviewer, refused at adoption; a past start needs a reason that the version page shows', async () => {
    // The author raises the 2025 TG2 tariff in the YAML view and fixes the one test that pins it.
    const author = await loginAs('indiener');
    await author.goto(`${server.url}/editor/#/bewerk/RTP/2.0/${TARIFFS}`);
    await showYaml(author);
    await expect.poll(() => author.getByRole('status').first().textContent(), { timeout: 30_000 }).toContain('Geldig');
    await replaceOnLine(author, await served(TARIFFS), TG2_2025, '7072', '7100');
    await expect.poll(() => author.getByRole('status').first().textContent(), { timeout: 30_000 }).toMatch(/1 mislukt/);
    await author.getByRole('tab', { name: 'Tests' }).click();
    await author.getByTestId('expect-fix').getByRole('button', { name: /Verwachte uitkomst bijwerken/ }).click();
    await expect.poll(() => author.getByRole('status').first().textContent(), { timeout: 30_000 }).toMatch(/Geldig · tests: \d+ geslaagd, 0 mislukt/);

    // While typing: a wijzigen change starts on 1 January after the 1 March rule at the earliest; the 2025 row ends long before.
    await author.getByRole('tab', { name: 'Voorstel' }).click();
    await author.getByLabel('Categorie').selectOption('wijzigen');
    const warning = author.getByTestId('without-effect');
    await expect.poll(() => warning.textContent(), { timeout: 20_000 }).toContain('Rij tariefgroep TG2 in tabel uurtarieven (rtp/2.0/tables/uurtarieven.yaml, regel');
    expect(await warning.textContent()).toMatch(/geldt van 1 januari 2025 t\/m 31 december 2025: vóór 1 januari 20\d\d, de vroegst mogelijke ingangsdatum van de nieuwe versie/);
    await author.screenshot({ path: join(SHOTS, 'e1-zonder-effect-typen.png'), fullPage: true });
    // As a verwerken change it could start today at the earliest: still after 2025.
    await author.getByLabel('Categorie').selectOption('verwerken');
    await expect.poll(() => warning.textContent(), { timeout: 20_000 }).toContain('Zonder effect');
    await author.getByLabel('Titel').fill(TITLE);
    await author.getByLabel('Toelichting').fill('Indexatie TG2 2025, later vastgesteld.');
    await author.getByRole('button', { name: 'Voorstel indienen' }).click();
    await expect.poll(() => author.getByTestId('propose-result').textContent(), { timeout: 30_000 }).toContain('ingediend');
    // After submitting: the same warning under the confirmation.
    expect(await author.getByTestId('without-effect').textContent()).toContain('tabel uurtarieven');
    const id = Number(/Voorstel (\d+)/.exec((await author.getByTestId('propose-result').textContent())!)![1]);

    // The reviewer reads it on the proposal's page, and accepts (the administrator decides on the date).
    const reviewer = await loginAs('beoordelaar');
    await reviewer.goto(`${server.url}/editor/#/voorstel/${id}`);
    await expect.poll(() => reviewer.getByTestId('without-effect').textContent(), { timeout: 20_000 }).toContain('31 december 2025');
    await reviewer.getByRole('button', { name: 'In behandeling nemen' }).click();
    await expect.poll(() => reviewer.getByTestId('state').getAttribute('data-state'), { timeout: 30_000 }).toBe('in_behandeling');
    await reviewer.getByLabel('Reden').fill('Akkoord, de beheerder kiest de ingangsdatum');
    await reviewer.getByRole('button', { name: 'Aannemen' }).click();
    await expect.poll(() => reviewer.getByTestId('state').getAttribute('data-state'), { timeout: 30_000 }).toBe('aangenomen');

    // The administrator: from next 1 January the change would never be read, so adoption is refused, the row named.
    const admin = await loginAs('beheerder');
    await admin.goto(`${server.url}/editor/#/voorstel/${id}`);
    const adopt = admin.getByRole('region', { name: 'Vaststellen' });
    await adopt.waitFor({ timeout: 20_000 });
    expect(await adopt.getByLabel('Geldig vanaf').inputValue()).toBe(`${Number(today().slice(0, 4)) + 1}-01-01`);
    await adopt.getByRole('button', { name: 'Vaststellen' }).click();
    const result = adopt.locator('.action-result');
    await expect.poll(() => result.textContent(), { timeout: 60_000 }).toContain('heeft dus nooit effect');
    expect(await result.textContent()).toContain('rij tariefgroep TG2 in tabel uurtarieven (rtp/2.0/tables/uurtarieven.yaml, regel');
    expect(await result.textContent()).not.toContain('/proposalIds');
    await admin.screenshot({ path: join(SHOTS, 'e2-vaststellen-geweigerd.png'), fullPage: true });

    // A start in 2025 (after 2.0's) makes the change take effect, retroactively: first without a reason, refused beside the button.
    await adopt.getByLabel('Geldig vanaf').fill('2025-07-01');
    await adopt.getByText('ligt vóór vandaag').waitFor();
    await adopt.getByRole('button', { name: 'Vaststellen' }).click();
    await expect.poll(() => result.textContent(), { timeout: 20_000 }).toContain('Reden voor terugwerkende kracht');
    const reason = 'Besluit RSJ: indexatie TG2 per 1 juli 2025 met terugwerkende kracht';
    await adopt.getByLabel('Reden voor terugwerkende kracht').fill(reason);
    await adopt.getByRole('button', { name: 'Vaststellen' }).click();
    await expect.poll(() => admin.locator('main').textContent(), { timeout: 60_000 }).toContain('vastgesteld in 2.1');

    // The version page says so, with the reason.
    await admin.goto(`${server.url}/editor/#/versie/RTP/2.1`);
    const note = admin.getByTestId('retroactive');
    await expect.poll(() => note.textContent(), { timeout: 20_000 }).toContain(`geldig vanaf 1 juli 2025: eerder dan de dag van vaststellen. Reden: ${reason}`);
    await admin.screenshot({ path: join(SHOTS, 'e3-terugwerkende-kracht.png'), fullPage: true });
    expect(problems).toEqual([]);
  }, 300_000);
});
