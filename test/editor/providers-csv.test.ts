import { describe, expect, it } from 'vitest';
import { parseProvidersCsv } from '../../editor/src/providers-csv.js';

describe('the provider register from a CSV export', () => {
  it('reads a Dutch Excel export (semicolons, a header, quotes, ja/nee) into the register', () => {
    const r = parseProvidersCsv('\uFEFFcode;naam;gecontracteerd\r\nggz-oost;GGZ Oost;ja\r\njz-ijssel;"Jeugdzorg IJssel; Zwolle";nee\r\n\r\nbrug;Praktijk "De Brug";\r\n');
    expect(r).toEqual({ ok: true, providers: [
      { id: 'ggz-oost', name: 'GGZ Oost', contracted: true },
      { id: 'jz-ijssel', name: 'Jeugdzorg IJssel; Zwolle', contracted: false },
      { id: 'brug', name: 'Praktijk "De Brug"', contracted: true },
    ] });
  });

  it('reads commas as well, and names every problem by its line', () => {
    expect(parseProvidersCsv('a,Aanbieder A\nb,Aanbieder B,nee')).toEqual({ ok: true, providers: [{ id: 'a', name: 'Aanbieder A', contracted: true }, { id: 'b', name: 'Aanbieder B', contracted: false }] });
    expect(parseProvidersCsv('code;naam\na;\n;Zonder code\nb;B;misschien\nc;C\nc;C nogmaals')).toEqual({ ok: false, problems: [
      'regel 2: de naam van a ontbreekt (tweede kolom)',
      'regel 3: de code ontbreekt (eerste kolom), bijvoorbeeld ggz-oost',
      'regel 4: gecontracteerd is "misschien"; schrijf ja of nee (derde kolom)',
      'regel 6: de code c staat ook op regel 5',
    ] });
    expect(parseProvidersCsv('code;naam\n')).toEqual({ ok: false, problems: ['het bestand bevat geen aanbieders'] });
  });
});
