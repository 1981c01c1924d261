/**
 * `npm run screenshots`: every screen of the editor as a PNG in docs/screenshots/ (viewport
 * 1280x800), taken on one walk through the amendment procedure in real chromium against the real
 * service (started as the browser suites do: test/e2e/browser-service.ts, temp SQLite + git):
 * propose (edit, check, tests, Probeer, diff, submit) -> review (diff, impact) -> consent
 * (register, per provider) -> adopt (new version, timeline, change list). It prints the timings
 * of the walk: page load, live check after a keystroke, impact run, each beside a baseline
 * measured in the same run, and lists any English or page error it met (exit code 1 then).
 * Not part of `npm test`: run it by hand after a change to the screens.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startBrowserService, submitLogin, showYaml } from './browser-service.js';
import { replaceOnLine } from './keyboard.js';
import { today } from '../../src/base/clock.js';
import { earliestValidFrom } from '../../src/amend/deadline.js';

const OUT = join(process.cwd(), 'docs', 'screenshots');
const TARIFFS = 'rtp/2.0/tables/uurtarieven.yaml';
const BUDGET_TESTS = 'rtp/2.0/tests/budgetberekening.yaml';
const TG3_2025 = 'tariefgroep: TG3, uurtarief: 7904, from: 2025-01-01';
/** A wijzigen change submitted today takes effect from this day at the earliest (1 March rule): the year its new tariff row covers. */
const EARLIEST = earliestValidFrom(today());
const YEAR = EARLIEST.slice(0, 4);
const TITLE = `Uurtarief TG3 ${YEAR} naar 83,04`;
const NEW_ROW = `- { tariefgroep: TG3, uurtarief: 8304, from: ${EARLIEST}, until: ${YEAR}-12-31 }`;

/** Visible words that should not be on a Dutch screen (English fallbacks, broken values). */
const ENGLISH = ['Failed to fetch', 'Trace', 'Submit', 'Cancel', 'Error', 'Loading', 'Allowed Values', 'Incorrect type', 'Missing property', 'is not allowed', 'Source:', 'probleemen', 'undefined', 'NaN', '[object Object]'];

const issues: string[] = [];
const shots: string[] = [];
const seconds = (t0: number) => (performance.now() - t0) / 1000;

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not there yet
    }
    if (Date.now() > end) throw new Error(`wachten op ${what} duurde langer dan ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const statusText = (page: Page) => page.getByRole('status').first().textContent().then((t) => t ?? '');

async function shot(page: Page, name: string, scrollTo?: string) {
  if (scrollTo === 'top') await page.evaluate(() => window.scrollTo(0, 0));
  else if (scrollTo) await page.locator(scrollTo).first().evaluate((el) => el.scrollIntoView({ block: 'start' }));
  const text = (await page.locator('body').innerText()).replace(/\s+/g, ' ');
  for (const w of ENGLISH) if (text.includes(w)) issues.push(`${name}: "${w}" op het scherm`);
  await page.screenshot({ path: join(OUT, `${name}.png`) });
  shots.push(name);
}

async function newPage(browser: Browser, who: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
  const page = await context.newPage();
  page.on('pageerror', (e) => issues.push(`${who}: paginafout ${e.message}`));
  page.on('dialog', (d) => void d.accept());
  return { context, page };
}

async function login(page: Page, url: string, user: string) {
  await page.goto(`${url}/editor/`);
  await submitLogin(page, user);
}


const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (s: number) => `${s.toFixed(2).replace('.', ',')} s`;

async function main() {
  mkdirSync(OUT, { recursive: true });
  // Its own screens only (01- to 29-): the grid screens (30-raster-*) come from test/e2e/table-grid.test.ts.
  for (const f of readdirSync(OUT)) if (/^[0-2]\d-.*\.png$/.test(f)) rmSync(join(OUT, f));
  const { server, browser } = await startBrowserService('screenshots-', ['--lang=nl-NL']);
  const url = server.url;
  const files = (await (await fetch(`${url}/api/v1/rulesets/RTP/2.0/files`)).json()) as { files: { path: string; text: string }[] };
  const served = (p: string) => files.files.find((f) => f.path === p)!.text;
  const timing = { pageLoad: [] as number[], versionsPage: [] as number[], check: [] as number[], checkApi: [] as number[], impact: 0, impactApi: 0 };
  try {
    // --- The author proposes ---
    const author = await newPage(browser, 'indiener');
    let page = author.page;
    await page.goto(`${url}/editor/`);
    await page.getByLabel('Gebruikersnaam').waitFor();
    await shot(page, '01-inloggen');
    await login(page, url, 'indiener');
    await shot(page, '02-versies');
    await page.goto(`${url}/editor/#/versie/RTP/2.0`);
    await page.getByRole('heading', { name: 'Tabellen' }).waitFor();
    await shot(page, '03-versie');

    // Page load: from navigation to the first check result in the editor (baseline: the versions page, same browser).
    for (let i = 0; i < 3; i++) {
      await page.goto(`${url}/editor/#/voorstellen`);
      await page.getByRole('heading', { name: 'Wijzigingsvoorstellen' }).waitFor();
      let t0 = performance.now();
      await page.goto(`${url}/editor/?r=${i}#/`);
      await page.getByTestId('timeline-RTP').waitFor();
      timing.versionsPage.push(seconds(t0));
      t0 = performance.now();
      await page.goto(`${url}/editor/?e=${i}#/bewerk/RTP/2.0/${TARIFFS}`);
      await showYaml(page);
      await until('de eerste controle', async () => (await statusText(page)).startsWith('Geldig'));
      timing.pageLoad.push(seconds(t0));
    }
    await shot(page, '04-editor');

    // Live check after a keystroke: the TG3 tariff of 2025 from 79,04 to 83,04 (the version's budget tests then fail),
    // then a slip (a letter in the amount: a problem) typed and removed. Timed from the key to the result on the screen.
    await replaceOnLine(page, served(TARIFFS), TG3_2025, '7904', '830');
    const afterKey = async (key: string, expect: RegExp) => {
      await page.waitForTimeout(1000);
      await until('rust', async () => !(await statusText(page)).startsWith('Controleren'));
      const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/drafts/check'));
      const start = performance.now();
      await page.keyboard.press(key);
      await answered;
      await until('het resultaat op het scherm', async () => expect.test(await statusText(page)), 30_000);
      timing.check.push(seconds(start));
    };
    await afterKey('4', /3 mislukt/);
    await afterKey('x', /^\d+ (probleem|problemen)$/);
    await afterKey('Backspace', /3 mislukt/);
    await afterKey('x', /^\d+ (probleem|problemen)$/);
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('F8');
    await page.locator('.marker-widget').first().waitFor();
    await shot(page, '05-editor-probleem');
    await page.keyboard.press('Escape');
    await replaceOnLine(page, served(TARIFFS).replace('uurtarief: 7904, from: 2025', 'uurtarief: 8304x, from: 2025'), 'uurtarief: 8304x', '8304x', '8304');
    await until('geen problemen', async () => /3 mislukt/.test(await statusText(page)));
    // Baseline for the check: the same draft checked by the server directly, without the browser.
    const login2 = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'indiener', password: 'indiener' }) });
    const cookie = login2.headers.get('set-cookie')!.split(';')[0];
    const { csrfToken } = (await login2.json()) as { csrfToken: string };
    const draft = served(TARIFFS).replace('uurtarief: 7904, from: 2025', 'uurtarief: 8304, from: 2025');
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const r = await fetch(`${url}/api/v1/drafts/check`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: JSON.stringify({ protocol: 'RTP', baseVersion: '2.0', files: [{ path: TARIFFS, text: draft }] }) });
      await r.json();
      timing.checkApi.push(seconds(t0));
    }

    // Table columns complete with their description: a new row after TG1 of 2025 (removed again with Ctrl+Shift+K).
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget').waitFor({ state: 'visible' });
    await page.keyboard.type(String(draft.split('\n').findIndex((l) => l.includes('tariefgroep: TG1, uurtarief: 6240, from: 2025-01-01')) + 1));
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('- { ');
    // Ask for completion until the column list is there (the YAML worker may answer the first request on its own).
    const columnRow = page.locator('.suggest-widget .monaco-list-row', { hasText: 'uurtarief' }).first();
    for (let i = 0; i < 5 && !(await columnRow.isVisible()); i++) {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Space');
      await columnRow.waitFor({ timeout: 5000 }).catch(() => undefined);
    }
    if (!(await columnRow.isVisible())) {
      await page.screenshot({ path: join(process.cwd(), 'test-results', 'screenshots-fout.png') });
      throw new Error(`geen kolommen aangeboden; regel: ${await page.locator('.monaco-editor .view-line', { hasText: '- {' }).last().textContent()}`);
    }
    if (!(await page.locator('.suggest-details').isVisible())) await page.keyboard.press('Control+Space');
    await shot(page, '06-editor-kolommen-aanvullen');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+K');
    await until('de rij weg', async () => (await page.locator('.monaco-editor .view-line', { hasText: /^\s*-\s\{\s*\}?\s*$/ }).count()) === 0 && /3 mislukt/.test(await statusText(page)), 30_000);

    // The failing tests, the jump to the case, and the author updating the expected amounts.
    await page.getByRole('tab', { name: 'Tests' }).click();
    await shot(page, '07-editor-tests');
    await page.getByTestId('tests').getByRole('link', { name: 'naar het testgeval' }).first().click();
    await until('het testbestand', async () => (await page.getByLabel('Bestand', { exact: true }).inputValue()) === BUDGET_TESTS);
    await until('controle', async () => /3 mislukt/.test(await statusText(page)));
    await replaceOnLine(page, served(BUDGET_TESTS), 'rtp.budgetberekening.berekend: { bedrag: 205920', '205920', '213920');
    await replaceOnLine(page, served(BUDGET_TESTS), 'rtp.budgetberekening.berekend: { bedrag: 158080', '158080', '166080');
    // The third: one hour of TG3 in 2025 pinned at the old tariff in another test file, updated with the button.
    await until('één test over', async () => /1 mislukt/.test(await statusText(page)));
    await page.getByRole('tab', { name: 'Tests' }).click();
    await page.getByTestId('expect-fix').getByRole('button', { name: /Verwachte uitkomst bijwerken/ }).click();
    await until('alle tests geslaagd', async () => /^Geldig · tests: \d+ geslaagd, 0 mislukt/.test(await statusText(page)));

    // Probeer: a budget calculation on the current version and on the draft, side by side.
    await page.getByRole('tab', { name: 'Probeer' }).click();
    await page.getByLabel('Beslissing').selectOption('budgetberekening');
    const cases = await page.getByLabel('Vullen uit testgeval').locator('option').allTextContents();
    const tg3Case = cases.find((c) => /oude berekening blijft/.test(c)) ?? cases[1];
    await page.getByLabel('Vullen uit testgeval').selectOption({ label: tg3Case });
    await page.getByRole('button', { name: 'Probeer', exact: true }).click();
    await page.getByTestId('outcome').waitFor();
    await shot(page, '08-editor-probeer', '[data-testid=probeer-result]');
    await page.getByRole('tab', { name: 'Verschil' }).click();
    await until('het inhoudelijke verschil', async () => ((await page.getByTestId('semantic-diff').textContent()) ?? '').includes('Rij gewijzigd in tabel uurtarieven'));
    await shot(page, '09-editor-verschil');

    // As a wijzigen change it starts on 1 January after the 1 March rule at the earliest: the 2025 row can never take effect.
    await page.getByRole('tab', { name: 'Voorstel' }).click();
    await page.getByLabel('Categorie').selectOption('wijzigen');
    await until('de waarschuwing zonder effect', async () => ((await page.getByTestId('without-effect').textContent()) ?? '').includes('tabel uurtarieven'));
    await shot(page, '23-editor-zonder-effect', '[data-testid=deadline]');
    // So the author starts over: the 2025 row as it was, and a new row for the year the change takes effect.
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Wijzigingen weggooien' }).click()]);
    await page.goto(`${url}/editor/#/bewerk/RTP/2.0/${TARIFFS}`);
    await showYaml(page);
    await until('geen wijzigingen', async () => ((await page.getByTestId('draft-state').textContent()) ?? '') === 'Geen wijzigingen.' && (await statusText(page)).startsWith('Geldig'));
    await replaceOnLine(page, served(TARIFFS), TG3_2025, '7904', '7904');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type(NEW_ROW);
    await until('de nieuwe rij gecontroleerd', async () => /^Geldig · tests: \d+ geslaagd, 0 mislukt/.test(await statusText(page)));
    await page.getByRole('tab', { name: 'Voorstel' }).click();
    await page.getByLabel('Categorie').selectOption('wijzigen');
    await page.getByLabel('Titel').fill(TITLE);
    await page.getByLabel('Toelichting').fill(`Indexatie van het uurtarief van tariefgroep 3 per ${YEAR}, het eerste jaar waarin deze wijziging kan ingaan.`);
    await page.getByTestId('deadline').getByText('1 maart-regel').waitFor();
    await page.waitForTimeout(1000); // the warning's check of the draft answers after the form is shown
    if (await page.getByTestId('without-effect').count()) issues.push('10-editor-voorstel: een rij vanaf de ingangsdatum heet "zonder effect"');
    await shot(page, '10-editor-voorstel');
    await page.getByRole('button', { name: 'Voorstel indienen' }).click();
    await until('ingediend', async () => ((await page.getByTestId('propose-result').textContent()) ?? '').includes('ingediend'));
    const id = Number(/Voorstel (\d+)/.exec((await page.getByTestId('propose-result').textContent())!)![1]);
    await shot(page, '11-ingediend');

    // --- The beheerder keeps the provider register ---
    const admin = await newPage(browser, 'beheerder');
    await login(admin.page, url, 'beheerder');
    await admin.page.goto(`${url}/editor/#/aanbieders`);
    await admin.page.getByText('Het register is nog leeg.').waitFor();
    for (const [pid, name] of [['ggz-oost', 'GGZ Oost'], ['jeugdzorg-ijssel', 'Jeugdzorg IJssel'], ['praktijk-de-brug', 'Praktijk De Brug']]) {
      await admin.page.getByLabel('Code').fill(pid);
      await admin.page.getByLabel('Naam').fill(name);
      await admin.page.getByRole('button', { name: 'Aanbieder opslaan' }).click();
      await admin.page.getByRole('cell', { name, exact: true }).waitFor();
    }
    await shot(admin.page, '12-aanbieders');

    // --- The reviewer reviews, runs the impact, sends it to consultation and records consent ---
    const reviewer = await newPage(browser, 'beoordelaar');
    page = reviewer.page;
    await login(page, url, 'beoordelaar');
    await page.goto(`${url}/editor/#/voorstellen`);
    await page.getByRole('link', { name: `#${id} ${TITLE}` }).waitFor();
    await shot(page, '13-voorstellen');
    await page.goto(`${url}/editor/#/voorstel/${id}`);
    await until('het verschil', async () => ((await page.getByTestId('semantic-diff').textContent()) ?? '').includes('Rij toegevoegd in tabel uurtarieven'));
    await until('de tests van het voorstel', async () => /geslaagd/.test((await page.getByTestId('proposal-tests').textContent()) ?? ''));
    await shot(page, '14-voorstel-beoordelen', 'top');
    await shot(page, '15-voorstel-bestanden', '[data-testid=file-diffs]');
    let t0 = performance.now();
    await page.getByRole('button', { name: 'Impact berekenen' }).click();
    // The synthetic corpus holds cases of 2024 and 2025: a tariff from the change's year on changes none of them.
    await until('de impact', async () => /antwoorden veranderen/.test((await page.getByTestId('impact-summary').textContent()) ?? ''), 300_000);
    timing.impact = seconds(t0);
    await shot(page, '16-impact', '[data-testid=impact]');
    // Baseline for the impact: the same 5,000 cases through the API, without the browser (a second run, stored too).
    const reviewerLogin = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'beoordelaar', password: 'beoordelaar' }) });
    const rc = { cookie: reviewerLogin.headers.get('set-cookie')!.split(';')[0], csrf: ((await reviewerLogin.json()) as { csrfToken: string }).csrfToken };
    t0 = performance.now();
    const ir = await fetch(`${url}/api/v1/proposals/${id}/impact`, { method: 'POST', headers: { cookie: rc.cookie, 'x-csrf-token': rc.csrf, 'content-type': 'application/json' }, body: JSON.stringify({ size: 5000 }) });
    await ir.json();
    timing.impactApi = ir.ok ? seconds(t0) : Number.NaN;
    await page.reload();
    await page.getByTestId('state').waitFor();
    for (const [label, state] of [['In behandeling nemen', 'in_behandeling'], ['Naar consultatie', 'consultatie']]) {
      await page.getByLabel('Reden', { exact: true }).fill(state === 'consultatie' ? 'Raakt de tarieven van alle aanbieders' : 'Ontvankelijk');
      await page.getByRole('button', { name: label }).click();
      await until(state, async () => (await page.getByTestId('state').getAttribute('data-state')) === state);
    }
    for (const [name, answer] of [['GGZ Oost', 'stemt in'], ['Jeugdzorg IJssel', 'stemt niet in'], ['Praktijk De Brug', 'stemt in']]) {
      await page.getByLabel('Aanbieder', { exact: true }).selectOption({ label: name });
      await page.getByLabel('Antwoord', { exact: true }).selectOption({ label: answer });
      await page.getByLabel('Bewijs (documentverwijzing)').fill(`brief van ${name}`);
      await page.getByRole('button', { name: 'Instemming vastleggen' }).click();
      await page.getByRole('cell', { name, exact: true }).locator('xpath=..').getByText(answer, { exact: true }).waitFor();
    }
    await shot(page, '17-instemming', '[data-testid=consents]');
    await page.getByLabel('Reden', { exact: true }).fill('Voldoende instemming');
    await page.getByRole('button', { name: 'Aannemen' }).click();
    await until('aangenomen', async () => (await page.getByTestId('state').getAttribute('data-state')) === 'aangenomen');

    // --- The beheerder adopts it into RTP 2.1 ---
    page = admin.page;
    await page.goto(`${url}/editor/#/voorstel/${id}`);
    await page.getByRole('region', { name: 'Vaststellen' }).waitFor();
    if ((await page.getByRole('region', { name: 'Vaststellen' }).getByLabel('Geldig vanaf').inputValue()) !== EARLIEST) issues.push(`18-vaststellen: niet vooringevuld met ${EARLIEST}`);
    await shot(page, '18-vaststellen', '[aria-label=Vaststellen]');
    await page.getByRole('region', { name: 'Vaststellen' }).getByRole('button', { name: 'Vaststellen' }).click();
    await until('vastgesteld', async () => ((await page.locator('main').textContent()) ?? '').includes('vastgesteld in 2.1'), 120_000);
    await shot(page, '19-vastgesteld', 'top');
    await page.goto(`${url}/editor/#/versie/RTP/2.1`);
    await until('de wijzigingen', async () => ((await page.getByRole('region', { name: 'Wijzigingen' }).textContent()) ?? '').includes('Wijzigingen ten opzichte van RTP 2.0'));
    await shot(page, '20-versie-2.1-tijdlijn', 'top');
    await shot(page, '21-versie-2.1-wijzigingen', '[aria-label=Wijzigingen]');

    // --- The server is unreachable ---
    page = author.page;
    await page.route('**/api/**', (r) => r.abort('connectionrefused'));
    await page.goto(`${url}/editor/#/voorstellen`);
    await page.getByTestId('banner').waitFor();
    await shot(page, '22-server-onbereikbaar');
    await page.unroute('**/api/**');
    for (const p of [author, admin, reviewer]) await p.context.close();
  } finally {
    await browser.close();
    await server.close();
  }

  const range = (xs: number[]) => `${fmt(median(xs))} (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}, ${xs.length} keer)`;
  console.log(`schermen: ${shots.length} PNG's in ${OUT}`);
  console.log(`pagina laden, editor tot de eerste controle: ${range(timing.pageLoad)}; basis: versiepagina ${range(timing.versionsPage)}`);
  console.log(`controle na een toetsaanslag (tot het resultaat op het scherm, incl. 400 ms wachten op de volgende toets): ${range(timing.check)}; basis: dezelfde controle rechtstreeks via de API ${range(timing.checkApi)}`);
  console.log(`impact in de browser (5.000 casussen, twee versies): ${fmt(timing.impact)}; basis: dezelfde berekening rechtstreeks via de API ${fmt(timing.impactApi)}`);
  if (issues.length) {
    console.log(`gevonden:\n${issues.map((i) => `  ${i}`).join('\n')}`);
    process.exitCode = 1;
  }
}

await main();
// The service's worker pools keep the event loop alive after close(); the walk is done.
process.exit(process.exitCode ?? 0);
