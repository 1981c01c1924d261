import type { MissingMeaning, RequiredIf } from '../load/model.js';

/** One stated meaning of a missing fact, ready to check against a request. */
export interface MissingCheck {
  /** A request fact path or a derived fact. */
  key: string;
  derived: boolean;
  meaning: MissingMeaning;
  /** JSON pointer into the request (`/facts/...`); for a derived fact, the facts it is computed from. */
  pointer: string;
  message?: string;
  /** For a derived fact: the request fact paths it is computed from, to name the one that is absent. */
  inputs?: string[];
  /** `verplichtAls`: the check counts (as onvoldoende_gegevens) only when one of these holds; otherwise absence is a form (voorwaarde). */
  requiredIf?: RequiredIf[];
}
