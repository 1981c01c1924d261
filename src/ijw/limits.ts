/**
 * Bounds on iJw messages, configurable by environment:
 * IJW_MAX_BYTES (request body, default 20mb), IJW_MAX_DEPTH (element nesting,
 * default 32), IJW_MAX_ELEMENTS (elements per message, default 500000),
 * IJW_MAX_LINES (Prestaties per JW323, default 20000), IJW_EXPLAIN_MAX_LINES
 * (lines of a JW323 that carry their trace with explain, default 100), IJW_XSD_DIR (a folder
 * with the official iJw 3.2 XSDs; unset means our structural checks only).
 */
import { envCount, envSize } from '../base/limits.js';

export interface IjwLimits {
  maxBytes: string;
  maxDepth: number;
  maxElements: number;
  maxLines: number;
  /** With explain: only the first this many lines of a JW323 carry their trace. */
  explainMaxLines?: number;
  xsdDir?: string;
}

/** A whole number >= 1 (the one reader, src/base/limits.ts). */
const int = (env: NodeJS.ProcessEnv, name: string, d: number) => envCount(env, name, d, { max: Number.MAX_SAFE_INTEGER });

export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): IjwLimits {
  return {
    maxBytes: envSize(env, 'IJW_MAX_BYTES', '20mb'),
    maxDepth: int(env, 'IJW_MAX_DEPTH', 32),
    maxElements: int(env, 'IJW_MAX_ELEMENTS', 500_000),
    maxLines: int(env, 'IJW_MAX_LINES', 20_000),
    explainMaxLines: int(env, 'IJW_EXPLAIN_MAX_LINES', 100),
    xsdDir: env.IJW_XSD_DIR || undefined,
  };
}
