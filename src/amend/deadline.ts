/**
 * The 1 March rule for `wijzigen` (art. 4.6 inkoopdocument, art. 5 raamovereenkomst;
 * BRIEF.md "wijzigingsprocedure"): a change submitted on or before 1 March can be in
 * force the next 1 January; a later submission lands a year later.
 */
export function earliestValidFrom(submittedOn: string): string {
  const year = Number(submittedOn.slice(0, 4));
  const onTime = submittedOn.slice(5) <= '03-01';
  return `${year + (onTime ? 1 : 2)}-01-01`;
}

/**
 * The first day a version carrying a proposal can start without retroactive effect: for `wijzigen`
 * the 1 March rule's date (fixed at submission, else as if submitted today), for any other change today.
 */
export function earliestStart(p: { category: string; earliestValidFrom: string | null }, today: string): string {
  if (p.category !== 'wijzigen') return today;
  return p.earliestValidFrom ?? earliestValidFrom(today);
}

/** The day before an ISO date (the old version ends the day before the new one starts). */
export function dayBefore(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
