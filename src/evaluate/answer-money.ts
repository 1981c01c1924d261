/**
 * The money in an answer, so impact analysis sees a changed amount as a changed
 * answer: a tariff raise leaves every budget calculation `berekend` but changes
 * its `bedrag`.
 */

/** An answer's money in cents and the rule that carries it (see AnswerSide.money). */
export function answerMoney(decision: string, outcome: string, events: { rule: string; params?: Record<string, unknown> }[], facts: Record<string, unknown>): { money: number | null; moneyRule: string | null } {
  for (const e of events) {
    const bedrag = e.params?.bedrag;
    if (typeof bedrag === 'number' && Number.isFinite(bedrag)) return { money: bedrag, moneyRule: e.rule };
  }
  if (decision === 'declaratie') {
    const declared = (facts.prestatie as { ingediendBedrag?: unknown } | undefined)?.ingediendBedrag;
    if (typeof declared === 'number') return { money: outcome === 'goedgekeurd' ? declared : 0, moneyRule: null };
  }
  return { money: null, moneyRule: null };
}

const TG = /^TG[1-7]$/;

/** Every tariff group (TG1..TG7) named as a value anywhere in the facts, sorted and unique. */
export function tariffGroupsIn(facts: unknown): string[] {
  const found = new Set<string>();
  const walk = (v: unknown, depth: number) => {
    if (depth > 8) return;
    if (typeof v === 'string') { if (TG.test(v)) found.add(v); return; }
    if (Array.isArray(v)) for (const x of v) walk(x, depth + 1);
    else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x, depth + 1);
  };
  walk(facts, 0);
  return [...found].sort();
}
