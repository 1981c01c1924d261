import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAjv, createFirstErrorAjv, errorMessage, requestPath, type AjvInstance } from '../base/json-schema.js';
import { toPointer } from '../base/json-pointer.js';
import { boundedValidator } from './bounded-validate.js';

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
  /** The paths a request may leave out or set to null: not required by their parent, or nullable. */
  optional: Set<string>;
  validate(facts: unknown): FactsProblem[];
}

export interface FactSchemas {
  get(name: string): FactSchema | undefined;
  names(): string[];
}

/** Collects the dotted property paths of a JSON Schema (following local $refs, anyOf/oneOf branches). */
export function schemaPaths(schema: Record<string, unknown>): Set<string> {
  return new Set(schemaPathInfo(schema).keys());
}

/**
 * Every dotted property path of a JSON Schema with whether a request may leave it out:
 * a property not in its parent's `required`, or one that allows null (type or an anyOf/oneOf branch).
 */
export function schemaPathInfo(schema: Record<string, unknown>): Map<string, { optional: boolean }> {
  const out = new Map<string, { optional: boolean }>();
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
  const nullable = (raw: Record<string, unknown>, depth: number): boolean => {
    if (depth > 12) return false;
    const s = resolve(raw);
    if (s.type === 'null' || (Array.isArray(s.type) && s.type.includes('null'))) return true;
    if (Array.isArray(s.enum) && s.enum.includes(null)) return true;
    return (['anyOf', 'oneOf'] as const).some((k) => Array.isArray(s[k]) && (s[k] as Record<string, unknown>[]).some((b) => nullable(b, depth + 1)));
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
    const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
    for (const [k, v] of Object.entries(props)) {
      const path = prefix ? `${prefix}.${k}` : k;
      const optional = !required.has(k) || nullable(v, depth + 1);
      // A path seen in several branches is optional when any branch lets it be left out.
      out.set(path, { optional: optional || out.get(path)?.optional === true });
      walk(v, path, depth + 1);
    }
  };
  walk(schema, '', 0);
  return out;
}

export function createFactSchemas(schemas: Record<string, Record<string, unknown>>, ajv: AjvInstance = createAjv()): FactSchemas {
  const map = new Map<string, FactSchema>();
  const firstErrors = createFirstErrorAjv();
  for (const [name, schema] of Object.entries(schemas)) {
    // Bounded: large facts report their first error only, never one error per wrong item.
    const validateFn = boundedValidator(ajv, firstErrors, schema);
    const info = schemaPathInfo(schema);
    map.set(name, {
      name,
      schema,
      paths: new Set(info.keys()),
      optional: new Set([...info].filter(([, i]) => i.optional).map(([p]) => p)),
      validate(facts) {
        const { errors, partial } = validateFn(facts);
        return errors.map((e) => ({
          pointer: toPointer(requestPath(e)),
          message: errorMessage(e) + (partial ? ' (de eerste fout; bij zulke grote feiten wordt niet verder gezocht)' : ''),
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
