/**
 * Rules that can never fire: conditions on one fact that contradict each other, a literal outside
 * the fact's enum, a product code that no row of the products table has.
 */
import type { FactSchema } from '../facts/fact-schemas.js';
import type { Condition, Decision, Loc, Rule, RuleSetMeta, RuleSetVersion } from '../load/model.js';
import { createDomainOf } from './fact-domain.js';
import type { Finding, Severity, CheckCode } from './finding.js';
import { contradiction, dnfWeight, toDnf, WORK_BUDGET, type Atom } from './literal-logic.js';

export const findingAt = (severity: Severity, code: CheckCode, message: string, loc: Pick<Loc, 'file' | 'line' | 'column'>): Finding =>
  ({ severity, code, message, file: loc.file, line: loc.line, column: loc.column });

const show = (v: unknown) => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v));
const where = (atoms: Atom[]) => [...new Set(atoms.map((a) => `regel ${a.loc.line}`))].join(', ');

function leaves(c: Condition): Extract<Condition, { kind: 'leaf' }>[] {
  if (c.kind === 'leaf') return [c];
  if (c.kind === 'not') return leaves(c.item);
  return c.items.flatMap(leaves);
}

function literals(leaf: Extract<Condition, { kind: 'leaf' }>): unknown[] {
  if (leaf.value?.kind !== 'literal') return [];
  if (!['equal', 'notEqual', 'in', 'notIn'].includes(leaf.op)) return [];
  const v = leaf.value.value;
  return Array.isArray(v) ? v : [v];
}

/** Literals outside the enum of the fact they are compared with (schema enums are code lists). */
function outsideEnum(d: Decision, r: Rule, domainOf: ReturnType<typeof createDomainOf>, out: Finding[]) {
  for (const leaf of leaves(r.when)) {
    if (leaf.left.kind !== 'fact') continue;
    const dom = domainOf(leaf.left.fact);
    if (!dom.values || dom.fromTable || dom.values.every((x) => typeof x === 'boolean')) continue;
    const bad = literals(leaf).filter((x) => !dom.values!.includes(x));
    if (!bad.length) continue;
    out.push(findingAt('fout', 'outside_enum',
      `regel '${r.id}' vergelijkt '${leaf.left.fact}' met ${bad.map(show).join(', ')}, maar het feitenschema ${d.facts} kent alleen ${dom.values.map(show).join(', ')}`, leaf.loc));
  }
}

/** Product codes in conditions that no row of the version's products table has, on any date. */
function unknownProducts(v: Pick<RuleSetVersion, 'tables'>, r: Rule, out: Finding[]) {
  const producten = v.tables.find((t) => t.id === 'producten' && t.keys.includes('productCode'));
  if (!producten) return;
  const codes = new Set(producten.rows.map((row) => row.values.productCode));
  for (const leaf of leaves(r.when)) {
    if (leaf.left.kind !== 'fact' || !/(^|\.)productCode$/.test(leaf.left.fact)) continue;
    const bad = literals(leaf).filter((x) => x !== null && !codes.has(x as string));
    if (bad.length) {
      out.push(findingAt('fout', 'unknown_product',
        `regel '${r.id}' noemt productcode ${bad.map(show).join(', ')}, die in geen rij van tabel producten (${producten.file}) staat`, leaf.loc));
    }
  }
}

/** A rule none of whose ways to hold (its conditions in disjunctive normal form) can be met. */
function neverFires(r: Rule, domainOf: ReturnType<typeof createDomainOf>, out: Finding[]) {
  const dnf = toDnf(r.when);
  if (!dnf || dnf.length === 0) return;
  if (dnf.length * dnfWeight(dnf) * 3 > WORK_BUDGET) return; // too large to analyse: no finding rather than a slow one
  const reasons = dnf.map((c) => contradiction(c, domainOf));
  if (reasons.some((x) => x === undefined)) return;
  // A literal outside a code list is reported as such (outside_enum), not a second time here.
  const enumOnly = reasons.every((x) => {
    const values = domainOf(x!.fact).values;
    return values && x!.atoms.length === 1 && x!.atoms[0].op !== 'isNotSet';
  });
  if (enumOnly) return;
  const first = reasons[0]!;
  const parts = dnf.length === 1
    ? `de voorwaarden op '${first.fact}' (${where(first.atoms)}) spreken elkaar tegen`
    : `elk van de ${dnf.length} manieren waarop de voorwaarden kunnen gelden spreekt zichzelf tegen (eerst op '${first.fact}', ${where(first.atoms)})`;
  out.push(findingAt('fout', 'never_fires', `regel '${r.id}' kan nooit vuren: ${parts}`, r.when.loc));
}

/**
 * A rule that can fire, but only when the reference date (the decision's referenceDate fact) lies
 * outside the years the version is in force: it answers only requests that give their own `date` or
 * pin the version (transitional law read by a successor, for example). A warning: it may be meant so.
 */
function outsideValidity(meta: Pick<RuleSetMeta, 'protocol' | 'version' | 'validFrom' | 'validTo'>, d: Decision, r: Rule, domainOf: ReturnType<typeof createDomainOf>, out: Finding[]) {
  const dnf = toDnf(r.when);
  if (!dnf || dnf.length * dnfWeight(dnf) * 3 > WORK_BUDGET) return;
  const possible = dnf.filter((c) => !contradiction(c, domainOf));
  const onRef = possible.flatMap((c) => c.atoms.filter((a) => a.fact === d.referenceDate));
  if (!possible.length || !onRef.length) return;
  const loc = onRef[0].loc;
  const inForce: Atom[] = [{ fact: d.referenceDate, op: 'dateOnOrAfter', value: meta.validFrom, negated: false, loc }];
  if (meta.validTo) inForce.push({ fact: d.referenceDate, op: 'dateOnOrBefore', value: meta.validTo, negated: false, loc });
  if (!possible.every((c) => contradiction({ atoms: [...c.atoms, ...inForce], opaque: c.opaque }, domainOf))) return;
  out.push(findingAt('waarschuwing', 'outside_validity',
    `regel '${r.id}' vuurt alleen als de peildatum niet uit '${d.referenceDate}' komt (een eigen date of een vaste versie in het verzoek): met '${d.referenceDate}' binnen ${meta.protocol} ${meta.version} (${meta.validFrom} t/m ${meta.validTo ?? 'open'}) kunnen de voorwaarden (${where(onRef)}) niet gelden`, loc));
}

export function checkRules(v: Pick<RuleSetVersion, 'tables'> & { meta?: RuleSetMeta }, d: Decision, schema: FactSchema | undefined): Finding[] {
  const out: Finding[] = [];
  const domainOf = createDomainOf(d, schema, v.tables);
  for (const r of d.rules) {
    outsideEnum(d, r, domainOf, out);
    unknownProducts(v, r, out);
    neverFires(r, domainOf, out);
    if (v.meta) outsideValidity(v.meta, d, r, domainOf, out);
  }
  return out;
}
