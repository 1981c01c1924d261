/**
 * A table in the editor as a grid, in a real browser (chromium) against the real service: an officer
 * raises the TG4 hourly tariff by typing euros, with the keyboard; "89" means EUR 89,00; a negative
 * amount and a day that does not exist are refused at the cell with an example of the right form;
 * a row is copied for the next year; the file stays canonical YAML in cents.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../src/server/start.js';
import { apiClient, pageAs as newPageAs, SHOTS, startBrowserService, submitLogin, showYaml } from './browser-service.js';

let server: Running;
let browser: Browser;

beforeAll(async () => {
  ({ server, browser } = await startBrowserService('e2e-grid-'));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const TARIFFS = 'rtp/2.0/tables/uurtarieven.yaml';

/** A logged-in API client for the steps that are not under test. */
const apiAs = (user: string) => apiClient(server.url, user);

const pageAs = (user: string) => newPageAs(browser, server.url, user);

async function openTariffs(): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await page.goto(`${server.url}/editor/`);
  await submitLogin(page, 'indiener');
  await page.goto(`${server.url}/editor/#/bewerk/RTP/2.0/${TARIFFS}`);
  await page.getByTestId('table-grid').locator('table').waitFor();
  return page;
}

/** The grid row (1-based) of the TG4 tariff of 2025, read from the cells as staff see them. */
async function rowOf(page: Page, group: string, from: string): Promise<number> {
  const rows = await page.getByTestId('table-grid').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll("input"), (i) => (i as HTMLInputElement).value)));
  return rows.findIndex((cells) => cells[0] === group && cells.includes(from)) + 1;
}

const yamlLine = async (page: Page, start: string) => {
  await showYaml(page);
  const lines = await page.locator('.monaco-editor .view-line').allTextContents();
  return lines.map((l) => l.replace(/\u00a0/g, ' ')).find((l) => l.includes(start));
};

describe('a table as a grid', () => {
  it('opens with Dutch titles, euros and dd-mm-jjjj, and a tariff typed in euros is written in cents', async () => {
    const page = await openTariffs();
    const head = await page.getByTestId('table-grid').locator('thead th').allTextContents();
    expect(head).toEqual(['Rij', 'Tariefgroep', 'Uurtarief (€)', 'Geldig vanaf', 'Geldig tot en met', 'Acties']);
    const row = await rowOf(page, 'TG4', '01-01-2025');
    expect(row).toBeGreaterThan(0);
    const cell = page.getByLabel(`Uurtarief (€), rij ${row}`, { exact: true });
    expect(await cell.inputValue()).toBe('87,36');

    // Keyboard only: focus the cell, select its text, type the new amount, Enter.
    await cell.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('89,36');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('table-grid').getByRole('status').textContent()).toBe(`Uurtarief (€) in rij ${row} is nu 89,36.`);
    await expect.poll(() => page.getByTestId('draft-state').textContent()).toMatch(/Opgeslagen in deze browser/);
    await page.screenshot({ path: join(SHOTS, 'grid-1-tarief-in-euro.png') });

    // "89" is EUR 89,00, shown back as 89,00.
    await cell.fill('89');
    await cell.press('Enter');
    expect(await cell.inputValue()).toBe('89,00');

    // A negative amount is refused at the cell, with an example; the file keeps the last good amount.
    await cell.fill('-100');
    expect(await cell.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await cell.getAttribute('aria-describedby')}`).textContent()).toMatch(/kan niet negatief zijn.*89,36/);
    await cell.press('Enter');
    await page.screenshot({ path: join(SHOTS, 'grid-2-negatief-bedrag.png') });
    expect(await yamlLine(page, 'tariefgroep: TG4, uurtarief: 8900, from: 2025-01-01')).toBeTruthy();
  });

  it('refuses a day that does not exist, and copies a row for the next year', async () => {
    const page = await openTariffs();
    const row = await rowOf(page, 'TG1', '01-01-2025');
    const from = page.getByLabel(`Geldig vanaf, rij ${row}`, { exact: true });
    await from.fill('31-02-2026');
    expect(await page.locator(`#${await from.getAttribute('aria-describedby')}`).textContent()).toMatch(/31-02-2026 bestaat niet; schrijf dag-maand-jaar, bijvoorbeeld 01-01-2026/);
    await from.fill('01-01-2025');
    expect(await from.getAttribute('aria-invalid')).toBe('false');

    const before = await page.getByTestId('table-grid').locator('tbody tr').count();
    await page.getByRole('button', { name: `Rij ${row} kopiëren` }).click();
    await expect.poll(() => page.getByTestId('table-grid').locator('tbody tr').count()).toBe(before + 1);
    const copy = before + 1;
    for (const [label, value] of [['Geldig vanaf', '01-01-2026'], ['Geldig tot en met', '31-12-2026'], ['Uurtarief (€)', '65,00']]) {
      const input = page.getByLabel(`${label}, rij ${copy}`, { exact: true });
      await input.fill(value);
      await input.press('Enter');
    }
    expect(await yamlLine(page, 'tariefgroep: TG1, uurtarief: 6500, from: 2026-01-01, until: 2026-12-31')).toBeTruthy();
  });
  it('a tariff raised on purpose: the tests that expect the old amount offer "verwachte uitkomst bijwerken" in euros, and the status says niet geldig until they follow', async () => {
    const page = await openTariffs();
    const row = await rowOf(page, 'TG3', '01-01-2025');
    const cell = page.getByLabel(`Uurtarief (€), rij ${row}`, { exact: true });
    await cell.fill('83,04');
    await cell.press('Enter');
    const status = () => page.getByRole('status').first().textContent();
    await expect.poll(status, { timeout: 30_000 }).toMatch(/^Niet geldig · tests: \d+ geslaagd, 3 mislukt$/);
    await page.getByRole('tab', { name: 'Tests' }).click();
    const fixes = page.getByTestId('expect-fix');
    await expect.poll(() => fixes.count()).toBe(3);
    expect((await fixes.first().locator('tbody tr').first().locator('td').allTextContents()).map((t) => t.replace(/\u00a0/g, ' '))).toEqual(['bedrag in “Budget berekend met de tarieven van de berekeningsdatum”', '€ 2.059,20', '€ 2.139,20']);
    await page.screenshot({ path: join(SHOTS, 'grid-3-verwachte-uitkomst-bijwerken.png') });
    for (const left of [2, 1]) {
      await page.getByTestId('expect-fix').first().getByRole('button', { name: /Verwachte uitkomst bijwerken/ }).click();
      await expect.poll(status, { timeout: 30_000 }).toMatch(new RegExp(`^Niet geldig · tests: \\d+ geslaagd, ${left} mislukt$`));
    }
    await page.getByTestId('expect-fix').first().getByRole('button', { name: /Verwachte uitkomst bijwerken/ }).click();
    await expect.poll(status, { timeout: 30_000 }).toMatch(/^Geldig · tests: \d+ geslaagd, 0 mislukt$/);
    expect(await page.getByTestId('draft-state').textContent()).toContain('3 gewijzigde bestanden');
  });
  it('Probeer: fields under their Dutch titles, and a test case that fixes "vandaag" is answered as in the tests', async () => {
    const page = await openTariffs();
    await page.getByRole('tab', { name: 'Probeer' }).click();
    await page.getByLabel('Beslissing').selectOption('budgetberekening');
    await page.getByLabel('Vullen uit testgeval').selectOption({ label: 'Nieuwe berekening in het lopende jaar met de tarieven van 2025' });
    expect(await page.getByLabel('Berekend op', { exact: true }).inputValue()).toBe('2025-01-15');
    expect(await page.getByLabel('Soort berekening', { exact: true }).inputValue()).toBe('"nieuw"');
    expect(await page.getByLabel(/^Vandaag/).inputValue()).toBe('2025-01-15');
    await page.getByRole('button', { name: 'Probeer', exact: true }).click();
    await expect.poll(() => page.getByTestId('outcome').textContent(), { timeout: 20_000 }).toBe('berekend');
    await page.screenshot({ path: join(SHOTS, 'grid-4-probeer-vandaag.png') });
    // Without the case's "vandaag" (the real date, long after 2025), a new calculation on last year's tariffs is refused.
    await page.getByLabel(/^Vandaag/).fill('');
    await page.getByRole('button', { name: 'Probeer', exact: true }).click();
    await expect.poll(() => page.getByTestId('outcome').textContent(), { timeout: 20_000 }).toBe('geweigerd');
  });
  it('two tabs on one concept: the later save from the older revision is refused and shows both versions; "wijzigingen weggooien" returns to the saved concept', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const a = await context.newPage();
    a.on('dialog', (d) => void d.accept());
    await a.goto(`${server.url}/editor/`);
    await submitLogin(a, 'indiener');
    await a.goto(`${server.url}/editor/#/bewerk/RTP/2.0/${TARIFFS}`);
    await a.getByTestId('table-grid').locator('table').waitFor();
    const setTariff = async (page: Page, group: string, euros: string) => {
      const cell = page.getByLabel(`Uurtarief (€), rij ${await rowOf(page, group, '01-01-2025')}`, { exact: true });
      await cell.fill(euros);
      await cell.press('Enter');
    };
    await setTariff(a, 'TG1', '63,00');
    await a.getByRole('tab', { name: 'Voorstel' }).click();
    await a.getByLabel('Titel').fill('Twee tabbladen');
    await a.getByLabel('Toelichting').fill('Proef met twee tabbladen.');
    await a.getByRole('button', { name: 'Opslaan als concept' }).click();
    await expect.poll(() => a.getByTestId('draft-state').textContent(), { timeout: 20_000 }).toMatch(/Opgeslagen als concept #\d+ op de server/);

    // Tab B opens the same concept (this browser's draft) and saves a change first.
    const b = await context.newPage();
    await b.goto(`${server.url}/editor/#/bewerk/RTP/2.0/${TARIFFS}`);
    await b.getByTestId('table-grid').locator('table').waitFor();
    await setTariff(b, 'TG2', '71,00');
    await b.getByRole('tab', { name: 'Voorstel' }).click();
    await b.getByRole('button', { name: 'Opslaan als concept' }).click();
    await expect.poll(() => b.getByTestId('propose-result').textContent(), { timeout: 20_000 }).toMatch(/Opgeslagen als concept #\d+/);

    // Tab A, still on the older revision, changes something else and saves: refused, both versions named.
    await a.bringToFront();
    await setTariff(a, 'TG3', '80,00');
    await a.getByRole('tab', { name: 'Voorstel' }).click();
    await a.getByRole('button', { name: 'Opslaan als concept' }).click();
    await expect.poll(() => a.getByTestId('propose-result').textContent(), { timeout: 20_000 }).toContain('Niet opgeslagen: dit concept is intussen in een ander tabblad');
    expect(await a.getByTestId('edit-conflict').textContent()).toContain('rtp/2.0/tables/uurtarieven.yaml: in beide gewijzigd');
    await a.screenshot({ path: join(SHOTS, 'grid-5-twee-tabbladen.png') });
    // The other tab's version is on the server, untouched by tab A.
    await a.getByRole('button', { name: 'De andere versie laden' }).click();
    await a.getByTestId('table-grid').locator('table').waitFor();
    const value = async (page: Page, group: string) => page.getByLabel(`Uurtarief (€), rij ${await rowOf(page, group, '01-01-2025')}`, { exact: true }).inputValue();
    expect([await value(a, 'TG1'), await value(a, 'TG2'), await value(a, 'TG3')]).toEqual(['63,00', '71,00', '79,04']);

    // A change, then "wijzigingen weggooien": back to the concept as saved.
    await setTariff(a, 'TG4', '99,00');
    await a.getByRole('tab', { name: 'Voorstel' }).click();
    await a.getByRole('button', { name: 'Wijzigingen weggooien' }).click();
    await a.getByTestId('table-grid').locator('table').waitFor();
    await expect.poll(() => value(a, 'TG4')).toBe('87,36');
    expect(await value(a, 'TG2')).toBe('71,00');
    await context.close();
  }, 120_000);
  it('review: an empty register is named, the admin imports providers from CSV, a reviewer sends a proposal back and the author finds it on the home page', async () => {
    const author = await apiAs('indiener');
    const served = (await (await fetch(`${server.url}/api/v1/rulesets/RTP/2.0/files`)).json() as { files: { path: string; text: string }[] }).files.find((f) => f.path === TARIFFS)!.text;
    const pinnedPath = 'rtp/2.0/tests/mutanten-budgetberekening.yaml';
    const pinned = (await (await fetch(`${server.url}/api/v1/rulesets/RTP/2.0/files`)).json() as { files: { path: string; text: string }[] }).files.find((f) => f.path === pinnedPath)!.text;
    // The tariff and the test case that pins one hour of TG6 in 2025 at it move together.
    const files = [
      { path: TARIFFS, text: served.replace('tariefgroep: TG6, uurtarief: 10816, from: 2025-01-01', 'tariefgroep: TG6, uurtarief: 10900, from: 2025-01-01') },
      { path: pinnedPath, text: pinned.replace('rtp.budgetberekening.berekend: { bedrag: 10816 }', 'rtp.budgetberekening.berekend: { bedrag: 10900 }') },
    ];
    const p = await author('POST', '/api/v1/proposals', { title: 'TG6 naar 109,00', category: 'wijzigen', protocol: 'RTP', baseVersion: '2.0', rationale: 'Afronding.', files }) as { id: number };
    await author('POST', `/api/v1/proposals/${p.id}/submit`);

    // The reviewer opens it: no provider in the register, said before anyone is stuck.
    const reviewer = await pageAs('beoordelaar');
    await expect.poll(() => reviewer.getByTestId('todo').textContent(), { timeout: 20_000 }).toContain(`#${p.id} TG6 naar 109,00 (RTP): Beoordelen`);
    await reviewer.goto(`${server.url}/editor/#/voorstel/${p.id}`);
    await expect.poll(() => reviewer.getByTestId('empty-register').textContent(), { timeout: 20_000 }).toContain('Het aanbiedersregister is leeg');

    // The admin imports the register from a CSV export, in one go.
    const admin = await pageAs('beheerder');
    await admin.goto(`${server.url}/editor/#/aanbieders`);
    await admin.getByLabel('Of plak de regels hier').fill('code;naam;gecontracteerd\nggz-oost;GGZ Oost;ja\njz-ijssel;Jeugdzorg IJssel;ja\noud;Oude Aanbieder;nee\n');
    await admin.getByRole('button', { name: 'Importeren' }).click();
    await expect.poll(() => admin.getByTestId('provider-count').textContent(), { timeout: 20_000 }).toContain('2 gecontracteerde aanbieders');
    await admin.screenshot({ path: join(SHOTS, 'grid-6-aanbieders-csv.png') });

    // The reviewer sends the proposal back with a reason.
    await reviewer.reload();
    await expect.poll(() => reviewer.getByTestId('empty-register').count(), { timeout: 20_000 }).toBe(0);
    const review = reviewer.getByRole('region', { name: 'Beoordelen' });
    const sendBack = review.getByRole('button', { name: 'Terugsturen naar de indiener' });
    await sendBack.click();
    await expect.poll(() => review.locator('.action').filter({ hasText: 'Terugsturen naar de indiener' }).locator('.action-result').textContent()).toContain('Schrijf bij "Reden" wat de indiener moet aanpassen.');
    await review.getByLabel('Reden', { exact: true }).fill('Noem de bron van het nieuwe tarief.');
    await sendBack.click();
    await expect.poll(() => reviewer.getByTestId('state').getAttribute('data-state'), { timeout: 20_000 }).toBe('concept');

    // The author sees it on the home page and reads the reason on top of the proposal.
    const officer = await pageAs('indiener');
    await expect.poll(() => officer.getByTestId('todo').textContent(), { timeout: 20_000 }).toContain(`#${p.id} TG6 naar 109,00 (RTP): Uw concept: aanpassen en indienen`);
    await officer.getByTestId('todo').getByRole('link', { name: `#${p.id} TG6 naar 109,00` }).click();
    await expect.poll(() => officer.getByTestId('sent-back').textContent(), { timeout: 20_000 }).toMatch(/^Teruggestuurd door beoordelaar op .*: Noem de bron van het nieuwe tarief\. Pas het concept aan en dien het opnieuw in\.$/);
    await officer.screenshot({ path: join(SHOTS, 'grid-7-teruggestuurd.png') });
  }, 120_000);
});
