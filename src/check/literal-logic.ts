/**
 * Conditions as propositional logic over comparisons of one fact with a literal, the fragment where
 * "can this hold?" and "does this imply that?" are decidable. A comparison with another fact or an
 * expression is opaque: it may be true or false. Each fact is tested on a finite set of candidate
 * values that covers every case the literals can tell apart (each literal, one step either side of
 * it, the schema's enum, and absence), so the answers are exact for the fragment.
 */
import { addDays, compareDates, isIsoDate } from '../expr/dates.js';
import type { Condition, Loc, Operator } from '../load/model.js';

/** A fact left out of the request (or null, or a derived fact that computed to nothing). */
export const ABSENT: unique symbol = Symbol('absent');
export type Candidate = unknown;

/** One comparison of a fact with a literal, possibly negated (by a `not` above it). */
export interface Atom {
  fact: string;
  op: Operator;
  value: unknown;
  negated: boolean;
  loc: Loc;
}

/** A conjunction of atoms; `opaque` when it also held comparisons this logic cannot read. */
export interface Conj {
  atoms: Atom[];
  opaque: boolean;
}

const DECIDABLE = new Set<Operator>([
  'equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive',
  'in', 'notIn', 'dateBefore', 'dateOnOrBefore', 'dateAfter', 'dateOnOrAfter', 'isSet', 'isNotSet',
]);

const sets = new WeakMap<unknown[], Set<unknown>>();
/** A literal list as a set, built once per list (a long `in` list is tested against many candidates). */
function setOf(list: unknown[]): Set<unknown> {
  let s = sets.get(list);
  if (!s) sets.set(list, (s = new Set(list)));
  return s;
}

/** The engine's verdict on one comparison (json-rules-engine plus src/compile/operators.ts). */
export function opHolds(op: Operator, raw: Candidate, lit: unknown): boolean {
  const v = raw === ABSENT ? null : raw;
  switch (op) {
    case 'equal': return v === lit;
    case 'notEqual': return v !== lit;
    case 'lessThan': return typeof v === 'number' && typeof lit === 'number' && v < lit;
    case 'lessThanInclusive': return typeof v === 'number' && typeof lit === 'number' && v <= lit;
    case 'greaterThan': return typeof v === 'number' && typeof lit === 'number' && v > lit;
    case 'greaterThanInclusive': return typeof v === 'number' && typeof lit === 'number' && v >= lit;
    case 'in': return Array.isArray(lit) && setOf(lit).has(v);
    case 'notIn': return Array.isArray(lit) && !setOf(lit).has(v);
    case 'isSet': return v !== null && v !== undefined;
    case 'isNotSet': return v === null || v === undefined;
    default: {
      const c = compareDates(v, lit);
      if (c === undefined) return false;
      if (op === 'dateBefore') return c < 0;
      if (op === 'dateOnOrBefore') return c <= 0;
      if (op === 'dateAfter') return c > 0;
      return c >= 0;
    }
  }
}

export const atomHolds = (a: Atom, v: Candidate): boolean => opHolds(a.op, v, a.value) !== a.negated;

/** At most this many conjunctions per condition; larger ones are not analysed (never a false finding). */
const MAX_CONJ = 256;

/** Disjunctive normal form of a condition (negated when `neg`), or undefined when it grows too large. */
export function toDnf(c: Condition, neg = false): Conj[] | undefined {
  if (c.kind === 'not') return toDnf(c.item, !neg);
  if (c.kind === 'leaf') {
    const literal = c.left.kind === 'fact' && (c.value === undefined || c.value.kind === 'literal') && DECIDABLE.has(c.op);
    if (!literal) return [{ atoms: [], opaque: true }];
    const fact = (c.left as { fact: string }).fact;
    return [{ atoms: [{ fact, op: c.op, value: c.value?.kind === 'literal' ? c.value.value : undefined, negated: neg, loc: c.loc }], opaque: false }];
  }
  const parts = c.items.map((x) => toDnf(x, neg));
  if (parts.some((p) => p === undefined)) return undefined;
  const conjunctive = (c.kind === 'all') !== neg;
  if (!conjunctive) {
    const out = (parts as Conj[][]).flat();
    return out.length > MAX_CONJ ? undefined : out;
  }
  let acc: Conj[] = [{ atoms: [], opaque: false }];
  for (const p of parts as Conj[][]) {
    const next: Conj[] = [];
    for (const a of acc) for (const b of p) next.push({ atoms: [...a.atoms, ...b.atoms], opaque: a.opaque || b.opaque });
    if (next.length > MAX_CONJ) return undefined;
    acc = next;
  }
  return acc;
}

/** What the facts schema (or the decision) says about the values a fact can take. */
export interface FactDomain {
  /** The only values a request may send (schema enum, or boolean), when the set is small. */
  values?: unknown[];
  /** Whether the fact can be absent (optional in the schema, or derived). */
  canBeAbsent: boolean;
  /** The values come from a table column (a derived lookup), not from the facts schema. */
  fromTable?: boolean;
}

/**
 * Values that cover every case the atoms can tell apart: for a small domain the domain itself;
 * otherwise each literal, one step either side (numbers, dates), a value equal to none of them.
 */
export function candidates(atoms: Atom[], domain: FactDomain): Candidate[] {
  const out: Candidate[] = [];
  if (domain.values) out.push(...domain.values);
  else {
    const lits = atoms.flatMap((a) => (Array.isArray(a.value) ? a.value : [a.value])).filter((x) => x !== undefined);
    const nums = lits.filter((x): x is number => typeof x === 'number');
    for (const n of nums) out.push(n - 1, n, n + 1);
    if (nums.length) out.push(Math.min(...nums) - 1000, Math.max(...nums) + 1000);
    for (const s of lits.filter((x): x is string => typeof x === 'string')) {
      out.push(s);
      if (isIsoDate(s)) out.push(addDays(s, -1), addDays(s, 1));
    }
    for (const x of lits) if (typeof x === 'boolean' || x === null) out.push(x);
    out.push(true, false, '\u0000anders', 0);
  }
  if (domain.canBeAbsent) out.push(ABSENT);
  return [...new Set(out)];
}

/** The values of a fact that satisfy every atom on it. */
export function satisfying(atoms: Atom[], domain: FactDomain, extra: Atom[] = []): Candidate[] {
  return candidates([...atoms, ...extra], domain).filter((v) => atoms.every((a) => atomHolds(a, v)));
}

export function byFact(atoms: Atom[]): Map<string, Atom[]> {
  const m = new Map<string, Atom[]>();
  for (const a of atoms) m.set(a.fact, [...(m.get(a.fact) ?? []), a]);
  return m;
}

/** The first fact on which a conjunction cannot hold, with its atoms; undefined when it can hold. */
export function contradiction(c: Conj, domainOf: (fact: string) => FactDomain): { fact: string; atoms: Atom[] } | undefined {
  for (const [fact, atoms] of byFact(c.atoms)) {
    if (satisfying(atoms, domainOf(fact)).length === 0) return { fact, atoms };
  }
  return undefined;
}

/**
 * Whether every assignment satisfying `a` also satisfies `b` (both satisfiable conjunctions). False
 * when `b` has opaque parts, or when `b` needs a fact that `a` leaves free to be absent and `absentBlocks`
 * says absence would keep `b` from being performed.
 */
export function implies(a: Conj, b: Conj, domainOf: (fact: string) => FactDomain, absentBlocks: (fact: string) => boolean): boolean {
  if (b.opaque) return false;
  const aBy = byFact(a.atoms);
  for (const [fact, atoms] of byFact(b.atoms)) {
    const own = aBy.get(fact) ?? [];
    const values = satisfying(own, domainOf(fact), atoms);
    if (absentBlocks(fact) && values.includes(ABSENT)) return false;
    if (!values.every((v) => atoms.every((x) => atomHolds(x, v)))) return false;
  }
  return true;
}

/** Roughly the work of testing a condition: its conjunctions times the literal values they hold. */
export function dnfWeight(dnf: Conj[]): number {
  let literals = 1;
  for (const c of dnf) for (const a of c.atoms) literals += Array.isArray(a.value) ? a.value.length : 1;
  return literals;
}

/** Work units (candidate values tested) one check may spend on one decision; past it, it reports nothing more. */
export const WORK_BUDGET = 5_000_000;
