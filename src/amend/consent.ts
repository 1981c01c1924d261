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
  /** The day the provider answered (YYYY-MM-DD) and the proof of it (a document reference); null for answers recorded before these were asked. */
  answeredOn: string | null;
  proof: string | null;
}

/** A provider's answer as recorded: agreed or not, on which day, and the document that proves it. */
export interface ConsentAnswer {
  agrees: boolean;
  answeredOn: string;
  proof: string;
}
