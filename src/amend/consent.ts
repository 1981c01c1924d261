/** Consent of contracted providers for a `wijzigen` proposal: at least half must agree. */
export const REQUIRED_PERCENT = 50;

export interface ConsentSummary {
  agreed: number;
  total: number;
  /** Rounded down, for display; the decision uses exact integers. */
  percent: number;
  required: number;
  sufficient: boolean;
}

export function consentSummary(agreed: number, total: number): ConsentSummary {
  return {
    agreed,
    total,
    percent: total === 0 ? 0 : Math.floor((agreed * 100) / total),
    required: REQUIRED_PERCENT,
    // agreed / total >= 50 / 100, in integers so 49.99% never rounds up to enough.
    sufficient: total > 0 && agreed * 100 >= REQUIRED_PERCENT * total,
  };
}

/** One contracted provider's answer on a proposal: agreed, refused, or not yet recorded (null). */
export interface ConsentEntry {
  providerId: string;
  providerName: string;
  agrees: boolean | null;
  recordedBy: string | null;
  at: string | null;
}

/** Every contracted provider with its answer on the proposal (who recorded it, when), by name. */
export function consentEntries(db: { prepare(sql: string): { all(...args: unknown[]): unknown[] } }, proposalId: number): ConsentEntry[] {
  const rows = db.prepare(`SELECT p.id, p.name, c.agrees, c.recorded_by, c.at FROM providers p
    LEFT JOIN consents c ON c.provider_id = p.id AND c.proposal_id = ? WHERE p.contracted = 1 ORDER BY p.name, p.id`).all(proposalId) as
    { id: string; name: string; agrees: number | null; recorded_by: string | null; at: string | null }[];
  return rows.map((r) => ({ providerId: r.id, providerName: r.name, agrees: r.agrees === null ? null : r.agrees === 1, recordedBy: r.recorded_by, at: r.at }));
}
