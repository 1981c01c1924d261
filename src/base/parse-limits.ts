/**
 * Limits on what one rule file or expression may cost to read. Each is
 * configuration (an environment variable) with a default that the shipped
 * rules stay far below; docs/limits.md lists them.
 */
import { envCount } from './limits.js';

export interface ParseLimits {
  /** Bytes of one YAML file (YAML_MAX_BYTES). */
  yamlMaxBytes: number;
  /** Anchors (`&name`) in one YAML file (YAML_MAX_ANCHORS). */
  yamlMaxAnchors: number;
  /** Aliases (`*name`) in one YAML file (YAML_MAX_ALIASES). */
  yamlMaxAliases: number;
  /** yaml's `maxAliasCount`: how far aliases may expand the data (YAML_MAX_ALIAS_EXPANSION; billion laughs). */
  yamlMaxAliasExpansion: number;
  /** Nesting of maps and lists in one YAML file (YAML_MAX_DEPTH). */
  yamlMaxDepth: number;
  /** Characters of one expression (EXPR_MAX_LENGTH). */
  exprMaxLength: number;
  /** Nesting of one expression: brackets, operators, calls (EXPR_MAX_DEPTH). */
  exprMaxDepth: number;
}

export const DEFAULT_LIMITS: Readonly<ParseLimits> = Object.freeze({
  yamlMaxBytes: 262_144,
  yamlMaxAnchors: 200,
  yamlMaxAliases: 1_000,
  yamlMaxAliasExpansion: 100,
  yamlMaxDepth: 64,
  exprMaxLength: 4_000,
  exprMaxDepth: 64,
});

const ENV: Record<keyof ParseLimits, string> = {
  yamlMaxBytes: 'YAML_MAX_BYTES',
  yamlMaxAnchors: 'YAML_MAX_ANCHORS',
  yamlMaxAliases: 'YAML_MAX_ALIASES',
  yamlMaxAliasExpansion: 'YAML_MAX_ALIAS_EXPANSION',
  yamlMaxDepth: 'YAML_MAX_DEPTH',
  exprMaxLength: 'EXPR_MAX_LENGTH',
  exprMaxDepth: 'EXPR_MAX_DEPTH',
};

/** The limits from the environment (the one reader, limits.ts); a variable that is not a whole number >= 0 keeps its default. */
export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): ParseLimits {
  const out = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(ENV) as (keyof ParseLimits)[]) out[key] = envCount(env, ENV[key], DEFAULT_LIMITS[key], { min: 0, max: Number.MAX_SAFE_INTEGER });
  return out;
}

let current: ParseLimits | undefined;

/** The limits in force in this process (read from the environment once). */
export function parseLimits(): ParseLimits {
  current ??= limitsFromEnv();
  return current;
}

/** Replaces the limits in force (tests); undefined goes back to the environment. */
export function setParseLimits(limits: Partial<ParseLimits> | undefined): void {
  current = limits ? { ...limitsFromEnv(), ...limits } : undefined;
}
