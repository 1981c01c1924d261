/** One side of a comparison: a rule tree and the version in it to pin. */
export interface RuleSide {
  label: string;
  files: [string, string][];
  protocol: string;
  version: string;
  /** Evaluate every case of `protocol` pinned to `version`; otherwise by date, with `files` holding every version of the protocol. */
  pin: boolean;
  /** Protocols whose cases are evaluated: `protocol`, plus those a draft also changes (e.g. RTP beside RAP), which are evaluated by date. */
  protocols: string[];
}

/** One side's answer to a case, reduced to what impact compares. */
export interface AnswerSide {
  outcome: string;
  rules: string[];
  codes: string[];
  /**
   * The money of the answer in cents, or null when the decision has none: an event's numeric
   * `params.bedrag` (a budget calculation), or for a declaration the granted amount (the
   * declared amount when approved, 0 when refused).
   */
  money: number | null;
  /** The rule whose event carries `money` (null for a declaration's granted amount). */
  moneyRule: string | null;
}

/** What a worker reports for one case whose answer changed (outcome, fired rules or money). */
export interface ChangedCase {
  id: string;
  decision: string;
  from: AnswerSide;
  to: AnswerSide;
  /** prestatie.ingediendBedrag for declarations, in cents. */
  amount: number | null;
  /** The tariff groups (TG1..TG7) named anywhere in the case's facts, sorted; empty when none. */
  tariefgroepen: string[];
  gemeente?: string;
}

export interface BatchResult {
  evaluated: number;
  changed: ChangedCase[];
  /** Corpus lines that are no evaluate request (not JSON, or no protocol/decision/facts), by line number. */
  skipped: { line: number; message: string }[];
}

export interface ImpactReport {
  protocol: string;
  /** The protocols whose cases were evaluated (more than one when a draft changes both). */
  protocols: string[];
  from: string;
  to: string;
  cases: number;
  evaluated: number;
  changed: number;
  /** Lines of the corpus that could not be read as a request: counted, first few named by line number. */
  skipped: { count: number; examples: { line: number; message: string }[] };
  transitions: { from: string; to: string; count: number; examples: ChangedCase[] }[];
  byRule: { rule: string; firesNow: number; stopsFiring: number }[];
  byCode: { code: string; added: number; removed: number }[];
  money: {
    /** Sum of declared amounts that were approved and would now be refused (cents). */
    nuAfgekeurd: number;
    /** Sum of declared amounts that were refused and would now be approved (cents). */
    nuGoedgekeurd: number;
    /** nuGoedgekeurd - nuAfgekeurd: the change in what is paid out (cents). */
    netto: number;
  };
  /**
   * Answers whose money changed (a budget amount, a declaration's granted amount), whatever
   * their outcome: how many, the total effect (to - from, cents), by rule and by tariff group.
   */
  amounts: {
    changed: number;
    delta: number;
    byRule: { rule: string; changed: number; delta: number }[];
    /** Key: the case's tariff groups joined with "+", or "geen" when its facts name none. */
    byTariefgroep: { tariefgroep: string; changed: number; delta: number }[];
  };
  seconds: number;
  casesPerSecond: number;
}
