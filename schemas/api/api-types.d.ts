/* Generated from schemas/api/*.schema.json by `npm run api-types` (src/server/api-types.ts). Do not edit. */

/**
 * Een JW315 (verzoek om toewijzing) of een JW301 (toewijzing) om per product tegen RTP toewijzing te toetsen; verwijzer: de verwijzer bij een JW301; lopend: JW301-berichten met de lopende toewijzingen van de client.
 *
 * This interface was referenced by `ApiSchemas`'s JSON-Schema
 * via the `definition` "IjwToewijzingRequest".
 */
export type IjwToewijzingRequest = IjwToewijzingRequest1 & IjwToewijzingRequest2;
export type IjwToewijzingRequest1 = {
  [k: string]: unknown;
};
/**
 * Eén aanbieder, of { providers: [...] }.
 *
 * This interface was referenced by `ApiSchemas`'s JSON-Schema
 * via the `definition` "ProvidersInput".
 */
export type ProvidersInput =
  | Provider
  | {
      /**
       * @maxItems 5000
       */
      providers: Provider[];
    };

export interface ApiSchemas {
  AdoptionInput?: AdoptionInput;
  BatchRequest?: BatchRequest;
  DecisionLogPage?: DecisionLogPage;
  DecisionsQuery?: DecisionsQuery;
  Draft?: Draft;
  DraftEvaluate?: DraftEvaluate;
  Error?: Error;
  EvaluateRequest?: EvaluateRequest;
  EvaluateResponse?: EvaluateResponse;
  IjwDeclaratieRequest?: IjwDeclaratieRequest;
  IjwResponses?: IjwResponses;
  IjwToewijzingRequest?: IjwToewijzingRequest;
  ImpactRequest?: ImpactRequest;
  LoginRequest?: LoginRequest;
  ProposalComment?: ProposalComment;
  ProposalConsent?: ProposalConsent;
  ProposalCreate?: ProposalCreate;
  ProposalPatch?: ProposalPatch;
  ProposalTransition?: ProposalTransition;
  Provider?: Provider;
  ProvidersInput?: ProvidersInput;
  Readiness?: Readiness;
  RuleFile?: RuleFile;
}
/**
 * This interface was referenced by `ApiSchemas`'s JSON-Schema
 * via the `definition` "AdoptionInput".
 */
export interface AdoptionInput {
  protocol: 'RTP' | 'RAP';
  version: string;
  /**
   * First day in force. A day before today (Europe/Amsterdam) is a retroactive start: then `retroactive` with a reason is required (422 retroactive_reason_missing without it).
   */
  validFrom: string;
  /**
   * @minItems 1
   * @maxItems 500
   */
  proposalIds: [number, ...number[]];
  /**
   * Only for a validFrom before today: why the version takes effect in the past. Recorded in the audit log (action terugwerkende_kracht) and shown with the version.
   */
  retroactive?: {
    reason: string;
  };
}
/**
 * This interface was referenced by `ApiSchemas`'s JSON-Schema
 * via the `definition` "BatchRequest".
 */
export interface BatchRequest {
  /**
   * Up to 10,000 requests (BATCH_MAX_ITEMS). Each item is checked against EvaluateRequest on its own; a bad item gets an error in its own slot.
   */
  requests: unknown[];
}
/**
 * Een pagina van het beslissingslog, nieuwste eerst. Identificerende gegevens staan er alleen als sleutel-hash in (subject, toewijzingNummer).
 *
 * This interface was referenced by `ApiSchemas`'s JSON-Schema
 * via the `definition` "DecisionLogPage".
 */
export interface DecisionLogPage {
  decisions: {
    id: number;
    /**
     * moment van beslissen (ISO 8601, UTC)
     */
    at: string;
    source: 'evaluate' | 'batch' | 'ijw';
    protocol: string;
    decision: string;
    version: string | null;
    contentHash: string | null;
    referenceDate: string | null;
    outcome: string;
    rules: string[];
    codes: string[];
    /**
     * bedrag van het antwoord in centen
     */
    amount: number | null;
    /**
     * sleutel-hash (HMAC-SHA256) van het BSN van de cliënt, om zaken van één cliënt te groeperen
     */
    subject: string | null;
    /**
     * de feiten van het verzoek, identificerende velden gepseudonimiseerd
     */
    facts: {};
  }[];
  /**
   * geef dit als before voor de volgende pagina; null: dit was de laatste
   */
  next: string | null;
}
/**
 * De zoekvragen van GET /api/v1/decisions (het beslissingslog); alle velden zijn optioneel.
 *
 * This interface was referenced by `ApiSchemas`'s JSON-Schema
 * via the `definition` "DecisionsQuery".
 */
export interface DecisionsQuery {
  protocol?: 'RTP' | 'RAP';
  /**
   * de beslissing, bijv. declaratie
   */
  decision?: string;
  /**
   * de uitkomst, bijv. afgekeurd
   */
  outcome?: string;
  /**
   * een regel die afging, bijv. rap.declaratie.tariefgroep-professional
   */
  rule?: string;
  /**
   * een retourcode, bijv. 0611
   */
  code?: string;
  /**
   * beslist vanaf deze dag (Nederlandse tijd)
   */
  since?: string;
  /**
   * beslist tot en met deze dag (Nederlandse tijd)
   */
  until?: string;
  /**
   * hoeveel per pagina, 1..500 (standaard 100)
   */
  limit?: string;
  /**
   * de volgende pagina: de waarde van next uit het vorige antwoord
   */
  before?: string;
}
/**
 * This interface was referenced by `ApiSchemas`'s JSON-Schema
 * via the `definition` "Draft".
 */
export interface Draft {
  protocol: 'RTP' | 'RAP';
  baseVersion: string;
  /**
   * @maxItems 200
   */
  files: RuleFile[];
  /**
   * drafts/diff only: the first day the changed version would be in force (default today; a wijzigen proposal's earliest start under the 1 March rule). Rows whose period ends before it are listed in withoutEffect.
   */
  startsOn?: string;
}
/**
 * Een regelbestand: pad binnen de versie en de YAML-tekst.
 *
 * This interface was referenced by `ApiSchemas`'s JSON-Schema
 * via the `definition` "RuleFile".
 */
export interface RuleFile {
  path: string;
  text: string;
}
/**
 * This interface was referenced by `ApiSchemas`'s JSON-Schema
 * via the `definition` "DraftEvaluate".
 */
export interface DraftEvaluate {
  protocol: 'RTP' | 'RAP';
  baseVersion: string;
  /**
   * @maxItems 200
   */
  files: RuleFile[];
  /**
   * { decision, facts, date?, explain? }: protocol en versie komen van het concept
   */
  request: {};
  /**
   * Optional: answer as if today were this day (what a test case's `today` fixes), for rules that read `vandaag`. Only for drafts and Probeer; the service's own answers always use the service's clock.
   */
  today?: string;
  /**
   * Optional: the first day the draft would be in force. A reference date before it is answered by the version in force on that date (as the service will answer it), not by the draft; answeredBy says which.
   */
  startsOn?: string;
}
/**
 * This interface was referenced by `ApiSchemas`'s JSON-Schema
 * via the `definition` "Error".
 */
export interface Error {
  error: {
    code: string;
    message: string;
    /**
     * @maxItems 100
     */
    details: {
      pointer: string;
      message: string;
    }[];
    /**
     * hoeveel details zijn weggelaten (er worden er hoogstens 100 gegeven)
     */
    truncated?: number;
  };
}
/**
 * This interface was referenced by `ApiSchemas`'s JSON-Schema
 * via the `definition` "EvaluateRequest".
 */
export interface EvaluateRequest {
  /**
   * RTP of RAP.
   */
  protocol: string;
  /**
   * Beslissing-id, bijv. declaratie.
   */
  decision: string;
  /**
   * De feiten; gecontroleerd tegen het feitenschema van de beslissing.
   */
  facts: {};
  /**
   * Peildatum (JJJJ-MM-DD).
   */
  date?: string;
  /**
   * Vaste versie in plaats van keuze op datum.
   */
  version?: string;
  /**
   * true: neem de trace op; "waarom-niet": per afwijzende regel de wijzigingen van een enkel feit die haar laten vervallen, elk nagerekend (waaromNiet).
   */
  explain?: boolean | 'waarom-niet';
}
/**
 * This interface was referenced by `ApiSchemas`'s JSON-Schema
 * via the `definition` "EvaluateResponse".
 */
export interface EvaluateResponse {
  protocol: 'RTP' | 'RAP';
  version: string;
  decision: string;
  date: string;
  /**
   * een uitkomst uit de catalogus van de beslissing, of onvoldoende_gegevens
   */
  outcome: string;
  contentHash: string;
  events: {
    type: string;
    rule: string;
    code?: string;
    title: string;
    message: string;
    source: string;
    params: {};
  }[];
  /**
   * Alleen met explain: "waarom-niet": per afwijzende regel de wijzigingen van een enkel feit die haar laten vervallen, elk nagerekend met een evaluatie.
   */
  waaromNiet?: {
    rules: {
      rule: string;
      title: string;
      message: string;
      changes: {
        fact: string;
        pointer: string;
        current: unknown;
        values: unknown[];
        outcome: string;
        stillRefusedBy: string[];
        message: string;
      }[];
    }[];
    evaluations: number;
    truncated?: boolean;
  };
  trace?: {
    rule: string;
    title: string;
    fired: boolean;
    priority: number;
    conditions: {};
  }[];
  /**
   * every fact a rule needed and the request left out (with onvoldoende_gegevens, or beside a decided outcome for signalled checks)
   */
  missing: {
    pointer: string;
    message: string;
    rules: string[];
  }[];
  /**
   * true when a placeholder figure or rule contributed to this answer
   */
  illustrative: boolean;
  /**
   * the placeholder table rows and rules that contributed
   */
  illustrativeBasis: {
    kind: 'row' | 'rule';
    ref: string;
    table?: string;
    rule?: string;
    note?: string;
  }[];
}
/**
 * Een JW323 met de toewijzingen waar de prestaties naar verwijzen: als JW301-berichten (XML als tekst) en/of als feiten.
 *
 * This interface was referenced by `ApiSchemas`'s JSON-Schema
 * via the `definition` "IjwDeclaratieRequest".
 */
export interface IjwDeclaratieRequest {
  /**
   * Het JW323-bericht (iJw 3.2) als XML-tekst, UTF-8.
   */
  jw323: string;
  /**
   * JW301-berichten (XML als tekst) met de toewijzingen; een toewijzing telt alleen voor de client met hetzelfde BSN.
   *
   * @maxItems 20000
   */
  jw301?: string[];
  /**
   * Toewijzingen als feiten (de vorm van 'toewijzing' in RAP declaratie), met optioneel het BSN van de client.
   *
   * @maxItems 20000
   */
  toewijzingen?: {
    bsn?: string;
    toewijzingNummer: number;
    productCategorie?: string | null;
    productCode?: string | null;
    ingangsdatum: string;
    einddatum?: string | null;
    budget?: number | null;
    omvang?: null | {
      volume: number;
      eenheid: '01' | '04' | '14' | '16' | '82' | '83' | '84';
      frequentie: '1' | '2' | '4' | '6';
    };
    redenWijziging?: string | null;
  }[];
  /**
   * Eerder goedgekeurd per ToewijzingNummer (in centen), uit eigen administratie; standaard 0.
   */
  eerderGedeclareerd?: {
    [k: string]: number;
  };
  /**
   * Neem per regel de trace op (alleen in het JSON-antwoord).
   */
  explain?: boolean;
}
/**
 * This interface was referenced by `ApiSchemas`'s JSON-Schema
 * via the `definition` "IjwResponses".
 */
export interface IjwResponses {
  [k: string]: unknown;
}
export interface IjwToewijzingRequest2 {
  /**
   * Het JW315-bericht als XML-tekst.
   */
  jw315?: string;
  /**
   * Het JW301-bericht als XML-tekst.
   */
  jw301?: string;
  /**
   * De verwijzer van de producten van een JW301 (een JW301 noemt haar niet). Zonder verwijzer wordt elk product voor ieder verwijzertype getoetst; hangt de uitkomst ervan af, dan is zij onvoldoende_gegevens.
   */
  verwijzer?: {
    /**
     * Verwijzer type (COD327).
     */
    type: '01' | '02' | '03' | '04' | '05' | '06' | '08';
  };
  /**
   * JW301-berichten met lopende toewijzingen.
   *
   * @maxItems 1000
   */
  lopend?: string[];
}
/**
 * This interface was referenced by `ApiSchemas`'s JSON-Schema
 * via the `definition` "ImpactRequest".
 */
export interface ImpactRequest {
  protocol: 'RTP' | 'RAP';
  from: string;
  to:
    | {
        version: string;
      }
    | {
        /**
         * @maxItems 200
         */
        files: RuleFile[];
      }
    | {
        proposalId: number;
      };
  /**
   * een corpus op naam (corpora/<naam>.jsonl), of "decision-log": de gelogde beslissingen (met since/until); zonder wordt een synthetisch corpus van size casussen gemaakt uit seed
   */
  corpus?: string;
  size?: number;
  seed?: number;
  /**
   * alleen met corpus "decision-log": beslissingen vanaf deze dag (Nederlandse tijd)
   */
  since?: string;
  /**
   * alleen met corpus "decision-log": beslissingen tot en met deze dag (Nederlandse tijd)
   */
  until?: string;
}
/**
 * This interface was referenced by `ApiSchemas`'s JSON-Schema
 * via the `definition` "LoginRequest".
 */
export interface LoginRequest {
  username: string;
  password: string;
}
/**
 * This interface was referenced by `ApiSchemas`'s JSON-Schema
 * via the `definition` "ProposalComment".
 */
export interface ProposalComment {
  text: string;
}
/**
 * This interface was referenced by `ApiSchemas`'s JSON-Schema
 * via the `definition` "ProposalConsent".
 */
export interface ProposalConsent {
  providerId: string;
  agrees: boolean;
  /**
   * the day the provider answered (not after today)
   */
  answeredOn: string;
  /**
   * the proof of the answer: a document reference (letter number, e-mail of a date)
   */
  proof: string;
}
/**
 * This interface was referenced by `ApiSchemas`'s JSON-Schema
 * via the `definition` "ProposalCreate".
 */
export interface ProposalCreate {
  title: string;
  rationale: string;
  /**
   * @maxItems 200
   */
  files?: RuleFile[];
  /**
   * verhelderen: de uitleg die gepubliceerd wordt
   */
  explanation?: string | null;
  /**
   * verhelderen: de regel-ids waar de uitleg bij hoort
   *
   * @maxItems 500
   */
  rules?: string[];
  category: 'verhelderen' | 'verwerken' | 'wijzigen';
  protocol: 'RTP' | 'RAP';
  baseVersion: string;
  /**
   * true: create and submit in one step; the submission's checks run first, so a refused submission records nothing (no concept is left behind)
   */
  submit?: boolean;
}
/**
 * This interface was referenced by `ApiSchemas`'s JSON-Schema
 * via the `definition` "ProposalPatch".
 */
export interface ProposalPatch {
  title?: string;
  rationale?: string;
  /**
   * @maxItems 200
   */
  files?: RuleFile[];
  /**
   * verhelderen: de uitleg die gepubliceerd wordt
   */
  explanation?: string | null;
  /**
   * verhelderen: de regel-ids waar de uitleg bij hoort
   *
   * @maxItems 500
   */
  rules?: string[];
}
/**
 * This interface was referenced by `ApiSchemas`'s JSON-Schema
 * via the `definition` "ProposalTransition".
 */
export interface ProposalTransition {
  /**
   * The target state. `concept`: a reviewer sends a submitted proposal (ingediend or in_behandeling) back to its author, with the reason; the author edits and submits again.
   */
  to: 'in_behandeling' | 'consultatie' | 'aangenomen' | 'afgewezen' | 'ingetrokken' | 'concept';
  reason: string;
}
/**
 * This interface was referenced by `ApiSchemas`'s JSON-Schema
 * via the `definition` "Provider".
 */
export interface Provider {
  id: string;
  name: string;
  contracted?: boolean;
}
/**
 * GET /readyz: whether this process can serve (200 ready, 503 not_ready). store and rulesRepo are null in plain mode (serve --rules); no secrets (the store gives its kind, never its address).
 *
 * This interface was referenced by `ApiSchemas`'s JSON-Schema
 * via the `definition` "Readiness".
 */
export interface Readiness {
  status: 'ready' | 'not_ready';
  store: null | {
    ok: boolean;
    kind: 'sqlite' | 'postgres';
    /**
     * why the store did not answer
     */
    error?: string;
  };
  rulesRepo: null | {
    ok: boolean;
    /**
     * the commit of the repository's main branch
     */
    main?: string;
    /**
     * why the repository did not answer
     */
    error?: string;
  };
  /**
   * rule-set generation of this process: 1 at start, +1 per reload or adoption
   */
  generation: number;
  /**
   * versions served
   */
  versions: number;
  /**
   * the process that answered (with serve --workers N, one of the workers)
   */
  pid: number;
}
