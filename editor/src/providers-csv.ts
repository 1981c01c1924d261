/**
 * The provider register from a spreadsheet: a CSV export (semicolon or comma separated, as
 * Dutch Excel writes it) with the columns code, naam and optionally gecontracteerd (ja/nee).
 * A header row is recognised and skipped; every problem is named by its line. Pure: the
 * providers screen posts the result as one list.
 */
export interface ProviderRow { id: string; name: string; contracted: boolean }

export type CsvResult = { ok: true; providers: ProviderRow[] } | { ok: false; problems: string[] };

/** One line's fields, with "quoted; fields" and "" for a quote inside quotes. */
function fields(line: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') quoted = false; else cur += c;
    } else if (c === '"' && cur.trim() === '') { quoted = true; cur = ''; } else if (c === sep) { out.push(cur.trim()); cur = ''; } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

const YES = /^(ja|j|yes|true|1|gecontracteerd)$/i;
const NO = /^(nee|n|no|false|0|niet gecontracteerd)$/i;

export function parseProvidersCsv(text: string): CsvResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const sep = (lines.find((l) => l.trim()) ?? '').includes(';') ? ';' : ',';
  const providers: ProviderRow[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  lines.forEach((line, i) => {
    const n = i + 1;
    if (!line.trim()) return;
    const [id = '', name = '', contracted = ''] = fields(line, sep);
    if (providers.length === 0 && problems.length === 0 && /^code$/i.test(id)) return; // the header row
    if (!id) return void problems.push(`regel ${n}: de code ontbreekt (eerste kolom), bijvoorbeeld ggz-oost`);
    if (id.length > 100) return void problems.push(`regel ${n}: de code is langer dan 100 tekens`);
    if (!name) return void problems.push(`regel ${n}: de naam van ${id} ontbreekt (tweede kolom)`);
    if (name.length > 300) return void problems.push(`regel ${n}: de naam is langer dan 300 tekens`);
    if (contracted && !YES.test(contracted) && !NO.test(contracted)) return void problems.push(`regel ${n}: gecontracteerd is "${contracted}"; schrijf ja of nee (derde kolom)`);
    if (seen.has(id)) return void problems.push(`regel ${n}: de code ${id} staat ook op regel ${seen.get(id)}`);
    seen.set(id, n);
    providers.push({ id, name, contracted: !contracted || YES.test(contracted) });
  });
  if (!problems.length && !providers.length) problems.push('het bestand bevat geen aanbieders');
  if (providers.length > 5000) problems.push(`het bestand bevat ${providers.length} aanbieders; hoogstens 5.000 per keer`);
  return problems.length ? { ok: false, problems } : { ok: true, providers };
}
