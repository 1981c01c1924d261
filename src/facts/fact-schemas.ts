import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAjv, errorMessage, errorPath, usefulErrors, type AjvInstance } from '../load/ajv.js';
import type { ValidateFunction } from 'ajv';

/** Names every decision can read besides its facts: the reference date and today's date on the clock. */
export const BUILT_IN_FACTS = ['peildatum', 'vandaag'] as const;

export interface FactsProblem {
  pointer: string;
  message: string;
}

export interface FactSchema {
  name: string;
  schema: Record<string, unknown>;
  /** Every object path the schema declares (e.g. prestatie.productPeriode.begindatum). */
  paths: Set<string>;
  validate(facts: unknown): FactsProblem[];
}

export interface FactSchemas {
  get(name: string): FactSchema | undefined;
  names(): string[];
}

/** Collects the dotted property paths of a JSON Schema (following local $refs, anyOf/oneOf branches). */
export function schemaPaths(schema: Record<string, unknown>): Set<string> {
  const out = new Set<string>();
  const root = schema;
  const resolve = (s: Record<string, unknown>): Record<string, unknown> => {
    const ref = s.$ref;
    if (typeof ref === 'string' && ref.startsWith('#/')) {
      let node: unknown = root;
      for (const seg of ref.slice(2).split('/')) node = (node as Record<string, unknown>)[seg];
      return resolve(node as Record<string, unknown>);
    }
    return s;
  };
  const walk = (raw: Record<string, unknown>, prefix: string, depth: number) => {
    if (depth > 12) return;
    const s = resolve(raw);
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
      const branches = s[key];
      if (Array.isArray(branches)) for (const b of branches) walk(b as Record<string, unknown>, prefix, depth + 1);
    }
    const props = s.properties as Record<string, Record<string, unknown>> | undefined;
    if (!props) return;
    for (const [k, v] of Object.entries(props)) {
      const path = prefix ? `${prefix}.${k}` : k;
      out.add(path);
      walk(v, path, depth + 1);
    }
  };
  walk(schema, '', 0);
  return out;
}

export function createFactSchemas(schemas: Record<string, Record<string, unknown>>, ajv: AjvInstance = createAjv()): FactSchemas {
  const map = new Map<string, FactSchema>();
  for (const [name, schema] of Object.entries(schemas)) {
    const validateFn: ValidateFunction = ajv.compile(schema);
    map.set(name, {
      name,
      schema,
      paths: schemaPaths(schema),
      validate(facts) {
        if (validateFn(facts)) return [];
        return usefulErrors(validateFn.errors ?? []).map((e) => ({
          pointer: '/' + errorPath(e).map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/'),
          message: errorMessage(e),
        })).map((p) => ({ ...p, pointer: p.pointer === '/' ? '' : p.pointer }));
      },
    });
  }
  return { get: (n) => map.get(n), names: () => [...map.keys()].sort() };
}

/** Reads every schemas/facts/<name>.schema.json. */
export function loadFactSchemas(dir: string): FactSchemas {
  const schemas: Record<string, Record<string, unknown>> = {};
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.schema.json')).sort()) {
    schemas[f.replace(/\.schema\.json$/, '')] = JSON.parse(readFileSync(join(dir, f), 'utf8'));
  }
  return createFactSchemas(schemas);
}
