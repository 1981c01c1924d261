/** A deterministic mix of RAP declaratie fact sets for the benchmarks: mostly approved, each failure present. */
export type Facts = Record<string, any>;

function base(i: number): Facts {
  const minutes = 30 + (i % 8) * 15;
  return {
    toewijzing: { toewijzingNummer: 1000 + i, productCategorie: '45', productCode: null, ingangsdatum: '2024-09-01', einddatum: '2025-08-31', budget: 750000, omvang: null, redenWijziging: null },
    prestatie: {
      toewijzingNummer: 1000 + i, productCategorie: '45', productCode: '45A03',
      productPeriode: { begindatum: '2025-02-01', einddatum: '2025-02-28' },
      geleverdVolume: minutes, eenheid: '01', productTarief: 132, ingediendBedrag: Math.round((7904 * minutes) / 60),
    },
    eerderGedeclareerd: (i % 10) * 50000,
    professional: { functie: 'kinder- en jeugdtherapeut', caoSchaal: 9 },
  };
}

export function declaratieCases(n: number): Facts[] {
  const out: Facts[] = [];
  for (let i = 0; i < n; i++) {
    const f = base(i);
    switch (i % 10) {
      case 1: f.prestatie.ingediendBedrag += 1; break; // 9346
      case 2: f.eerderGedeclareerd = 749000; break; // 9369
      case 3: f.toewijzing.redenWijziging = '13'; break; // 9384
      case 4: f.toewijzing.ingangsdatum = '2025-02-15'; break; // 9307
      case 5: f.prestatie.productCode = '45A04'; f.prestatie.productTarief = 146; f.prestatie.ingediendBedrag = Math.round((8736 * f.prestatie.geleverdVolume) / 60); break; // tariefgroep
      default: break; // approved
    }
    out.push(f);
  }
  return out;
}

export interface Answer {
  outcome: string;
  codes: string[];
}
