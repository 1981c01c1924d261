/**
 * The facts a JW315 product or JW301 allocation is judged on (src/ijw/judge-toewijzing.ts), as the answer
 * shows them: the form follows from product code and budget, and only the client's other allocations that
 * run on the ingangsdatum (from it or before, up to it or after) count as running.
 */
import { describe, expect, it } from 'vitest';
import { lopendOf, toewijzingFacts } from '../../src/ijw/judge-toewijzing.js';
import type { Toewijzing } from '../../src/ijw/jw301.js';

const product = { productCategorie: '41', productCode: '41T01', ingangsdatum: '2025-03-01', einddatum: '2025-05-31', budget: null, omvang: { volume: 40, eenheid: '04', frequentie: '6' } };
const alloc = (n: number, over: Partial<Toewijzing>): Toewijzing => ({ toewijzingNummer: n, productCategorie: '41', productCode: '41G01', ingangsdatum: '2025-01-01', einddatum: null, budget: null, omvang: null, redenWijziging: null, ...over });

describe('the facts of an allocation request', () => {
  it('the form: a product code is specifiek, a budget without one a keuzebudget, neither an offerte; absent fields stay absent', () => {
    expect(toewijzingFacts(product, '01', undefined)).toEqual({ verwijzer: { type: '01' }, toewijzing: { vorm: 'specifiek', ingangsdatum: '2025-03-01', einddatum: '2025-05-31', productCategorie: '41', productCode: '41T01', omvang: product.omvang } });
    expect(toewijzingFacts({ ...product, productCode: null, omvang: null, budget: 250000 }, '02', undefined).toewijzing).toEqual({ vorm: 'keuzebudget', ingangsdatum: '2025-03-01', einddatum: '2025-05-31', productCategorie: '41', budget: 250000 });
    expect(toewijzingFacts({ ...product, productCode: null, productCategorie: null, omvang: null }, undefined, undefined)).toEqual({ toewijzing: { vorm: 'offerte', ingangsdatum: '2025-03-01', einddatum: '2025-05-31' } });
  });

  it('running allocations: on the ingangsdatum, not the allocation itself, and only those with a product', () => {
    const lopend = lopendOf([
      alloc(1, { einddatum: '2025-03-01' }), // ends on the day: runs
      alloc(2, { einddatum: '2025-02-28' }), // ended the day before
      alloc(3, { ingangsdatum: '2025-03-01' }), // starts on the day: runs
      alloc(4, { ingangsdatum: '2025-03-02' }), // starts the day after
      alloc(5, { productCode: null, budget: 250000 }), // no product: not a running product
      alloc(9, {}), // the allocation being judged (JW301)
    ]);
    expect(lopend.map((a) => a.toewijzingNummer)).toEqual([1, 2, 3, 4, 9]);
    expect(lopend[0]).toEqual({ toewijzingNummer: 1, productCode: '41G01', productCategorie: '41', ingangsdatum: '2025-01-01', einddatum: '2025-03-01' });
    const facts = toewijzingFacts(product, '01', lopend, 9);
    expect(facts.lopendeToewijzingen).toEqual([
      { productCode: '41G01', productCategorie: '41', ingangsdatum: '2025-01-01', einddatum: '2025-03-01' },
      { productCode: '41G01', productCategorie: '41', ingangsdatum: '2025-03-01', einddatum: null },
    ]);
    expect(toewijzingFacts(product, '01', [], 9).lopendeToewijzingen).toEqual([]);
  });
});
