/**
 * What staff see of issue 27's records and words, in a real browser (chromium) against the real
 * service: Monaco's command palette (F1) in Dutch; a proposal submitted with a disagreement between
 * RTP and RAP shows the warning to the author and the reviewer; consent recorded with its date and
 * proof, the count kept as decided; and the adopted version's page names its proposal, adopter and date.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../src/server/start.js';
import { apiClient, pageAs as newPageAs, SHOTS, startBrowserService } from './browser-service.js';

let server: Running;
let browser: Browser;
beforeAll(async () => { ({ server, browser } = await startBrowserService('e2e-records-')); }, 180_000);
afterAll(async () => { await browser?.close(); await server?.close(); });

const PROFESSIONS = 'rtp/2.0/tables/beroepentabel.yaml';
const LAST_ROW = "  - { functie: GZ-psycholoog, tariefgroep: TG5, illustrative: true }\n";
const apiAs = (user: string) => apiClient(server.url, user);

const pageAs = (user: string) => newPageAs(browser, server.url, user);

/** Every entry of the open command palette (the list is virtual: it is walked with the keyboard). */
async function paletteEntries(page: Page): Promise<string[]> {
  const seen = new Set<string>();
  for (let round = 0; round < 80; round++) {
    const before = seen.size;
    for (const label of await page.locator('.quick-input-list .monaco-list-row .label-name').allTextContents()) seen.add(label.trim());
    await page.keyboard.press('PageDown');
    if (seen.size === before && round > 2) break;
  }
  return [...seen];
}

describe('Dutch in Monaco', () => {
  it('F1 opens the command palette with Dutch command names', async () => {
    const page = await pageAs('indiener');
    await page.goto(`${server.url}/editor/#/bewerk/RTP/2.0/rtp/2.0/decisions/budgetberekening.yaml`);
    await page.locator('.monaco-editor .view-line').first().waitFor();
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget').waitFor({ state: 'visible' });
    const entries = await paletteEntries(page);
    expect(entries.length).toBeGreaterThan(100);
    expect(entries).toEqual(expect.arrayContaining(['Regel verwijderen', 'Regel omhoog verplaatsen', 'Alles samenvouwen', 'Naar het volgende probleem', 'Ga naar regel/kolom...', 'Zoeken']));
    // No command in English: the words every English command name starts with.
    expect(entries.filter((e) => /^(Add|Change|Convert|Copy|Create|Decrease|Delete|Detect|Developer|Duplicate|Expand|Find|Focus|Fold|Go to|Hide|Increase|Indent|Insert|Join|Move|Open|Outdent|Refactor|Reindent|Remove|Rename|Replace|Reset|Reverse|Select|Set|Show|Shrink|Sort|Source|Start|Toggle|Transform|Transpose|Trigger|Trim|Unfold)\b/.test(e))).toEqual([]);
    // Typing Dutch words finds the command; choosing it runs it (the line under the cursor is deleted: the draft changes).
    expect(await page.getByTestId('draft-state').textContent()).toBe('Geen wijzigingen.');
    await page.keyboard.type('regel verwijderen');
    const found = page.locator('.quick-input-list .label-name').getByText('Regel verwijderen', { exact: true });
    await found.waitFor();
    expect(await page.locator('.quick-input-list .monaco-list-row .label-name').allTextContents()).toEqual(expect.arrayContaining(['Regel verwijderen', 'Dubbele regels verwijderen']));
    await page.screenshot({ path: join(SHOTS, 'f1-opdrachten-nl.png') });
    await found.click();
    await expect.poll(() => page.getByTestId('draft-state').textContent()).toContain('Opgeslagen in deze browser');
  }, 120_000);
});

describe('records staff read: warnings at submission, consent with proof, the version and its proposals', () => {
  it('the reviewer sees the RTP/RAP warning, records consent with date and proof, the count stays as decided, and the version names its proposals', async () => {
    const admin = await apiAs('beheerder');
    const author = await apiAs('indiener');
    const reviewerApi = await apiAs('beoordelaar');
    await admin('POST', '/api/v1/providers', { providers: [{ id: 'a1', name: 'GGZ Oost' }, { id: 'a2', name: 'Jeugdzorg IJssel' }, { id: 'a3', name: 'Praktijk De Brug' }] });
    const base = (await author('GET', '/api/v1/rulesets/RTP/2.0/files')).files as { path: string; text: string }[];
    const professions = base.find((f) => f.path === PROFESSIONS)!.text;
    expect(professions).toContain(LAST_ROW);
    // Each adds a row in its own place of the file, so the two merge at adoption.
    const withRow = (after: string, row: string) => [{ path: PROFESSIONS, text: professions.replace(after, after + row) }];
    const FIRST_ROW = '  - { functie: ervaringsdeskundige, tariefgroep: TG1, illustrative: true }\n';
    expect(professions).toContain(FIRST_ROW);
    // Created and submitted at once (what the editor does for a draft without a concept), each with a row only RTP has.
    const logopedist = await author('POST', '/api/v1/proposals', { title: 'Logopedist in de beroepentabel', rationale: 'Nieuwe functie.', category: 'verwerken', protocol: 'RTP', baseVersion: '2.0', submit: true,
      files: withRow(LAST_ROW, '  - { functie: logopedist, tariefgroep: TG3 }\n') }) as { id: number; submitWarnings: string[] };
    expect(logopedist.submitWarnings).toHaveLength(1);
    const ergo = await author('POST', '/api/v1/proposals', { title: 'Ergotherapeut in de beroepentabel', rationale: 'Nieuwe functie met consultatie.', category: 'wijzigen', protocol: 'RTP', baseVersion: '2.0', submit: true,
      files: withRow(FIRST_ROW, '  - { functie: ergotherapeut, tariefgroep: TG3 }\n') }) as { id: number };

    // The reviewer reads the author's warning on the proposal page.
    const reviewer = await pageAs('beoordelaar');
    await reviewer.goto(`${server.url}/editor/#/voorstel/${logopedist.id}`);
    const warned = reviewer.getByTestId('submit-warnings');
    await expect.poll(() => warned.textContent(), { timeout: 20_000 }).toContain('RAP 2.0 beroepentabel logopedist (niet in de tabel) wijkt af van RTP 2.0 beroepentabel logopedist (TG3)');
    expect(await warned.textContent()).toContain('dien bij RAP een voorstel in met dezelfde wijziging');
    await reviewer.screenshot({ path: join(SHOTS, 'r1-waarschuwing-bij-indienen.png'), fullPage: true });

    // Consent on the wijzigen proposal, in the browser: the proof is asked at its field, then each answer is recorded with date and proof.
    for (const to of ['in_behandeling', 'consultatie']) await reviewerApi('POST', `/api/v1/proposals/${ergo.id}/transition`, { to, reason: to });
    await reviewer.goto(`${server.url}/editor/#/voorstel/${ergo.id}`);
    const consent = reviewer.getByRole('region', { name: 'Instemming aanbieders' });
    await consent.waitFor({ timeout: 20_000 });
    await consent.getByLabel('Aanbieder', { exact: true }).selectOption({ label: 'GGZ Oost' });
    await consent.getByRole('button', { name: 'Instemming vastleggen' }).click();
    await expect.poll(() => consent.locator('.action-result').textContent()).toContain('Bewijs: vul de verwijzing naar het document');
    await consent.getByLabel('Datum van het antwoord').fill('31-02-2026');
    await consent.getByLabel('Bewijs (documentverwijzing)').fill('brief 2026-017');
    await consent.getByRole('button', { name: 'Instemming vastleggen' }).click();
    await expect.poll(() => consent.locator('.action-result').textContent()).toContain('31-02-2026 bestaat niet');
    for (const [name, proof] of [['GGZ Oost', 'brief 2026-017'], ['Praktijk De Brug', 'e-mail van 2 maart 2026']]) {
      await consent.getByLabel('Aanbieder', { exact: true }).selectOption({ label: name });
      await consent.getByLabel('Datum van het antwoord').fill('02-03-2026');
      await consent.getByLabel('Bewijs (documentverwijzing)').fill(proof);
      await consent.getByRole('button', { name: 'Instemming vastleggen' }).click();
      await reviewer.getByRole('cell', { name: proof, exact: true }).waitFor({ timeout: 20_000 });
    }
    expect(await reviewer.getByTestId('consents').innerText()).toMatch(/GGZ Oost\s+stemt in\s+2 maart 2026\s+brief 2026-017\s+beoordelaar/);
    await reviewer.getByLabel('Reden', { exact: true }).fill('Voldoende instemming');
    await reviewer.getByRole('button', { name: 'Aannemen' }).click();
    await expect.poll(() => reviewer.getByTestId('state').getAttribute('data-state'), { timeout: 20_000 }).toBe('aangenomen');
    await expect.poll(() => reviewer.getByTestId('consent').textContent()).toContain('Bij het besluit stemden 2 van 3 gecontracteerde aanbieders in');
    // The register grows: the decided count stays.
    await admin('POST', '/api/v1/providers', { providers: [{ id: 'a4', name: 'Zorg Deventer' }, { id: 'a5', name: 'Zorg Kampen' }] });
    await reviewer.reload();
    await expect.poll(() => reviewer.getByTestId('consent').textContent(), { timeout: 20_000 }).toContain('Bij het besluit stemden 2 van 3');
    await reviewer.screenshot({ path: join(SHOTS, 'r2-instemming-besloten.png'), fullPage: true });

    // Both adopted into RTP 2.1: its page names them (linked), the adopter and the date.
    for (const to of ['in_behandeling', 'aangenomen']) await reviewerApi('POST', `/api/v1/proposals/${logopedist.id}/transition`, { to, reason: to });
    const validFrom = `${new Date().getUTCFullYear() + 2}-01-01`;
    await admin('POST', '/api/v1/adoptions', { protocol: 'RTP', version: '2.1', validFrom, proposalIds: [logopedist.id, ergo.id] });
    await reviewer.goto(`${server.url}/editor/#/versie/RTP/2.1`);
    const adoption = reviewer.getByTestId('version-adoption');
    await expect.poll(() => adoption.textContent(), { timeout: 20_000 }).toContain('Vastgesteld door beheerder op');
    expect(await adoption.textContent()).toContain(`geldig vanaf 1 januari ${validFrom.slice(0, 4)}`);
    await reviewer.screenshot({ path: join(SHOTS, 'r3-versie-met-voorstellen.png'), fullPage: true });
    await adoption.getByRole('link', { name: `#${ergo.id} Ergotherapeut in de beroepentabel` }).click();
    await expect.poll(() => reviewer.getByTestId('state').getAttribute('data-state'), { timeout: 20_000 }).toBe('aangenomen');
    // A version shipped with the rules says so.
    await reviewer.goto(`${server.url}/editor/#/versie/RTP/2.0`);
    await expect.poll(() => reviewer.getByTestId('version-adoption').textContent(), { timeout: 20_000 }).toContain('niet via de wijzigingsprocedure vastgesteld');
  }, 180_000);
});
