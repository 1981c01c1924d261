import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ErrorObject } from 'ajv';

// ajv and ajv-formats are CommonJS; their default export sits on `.default` under ESM.
const Ajv2020 = (Ajv2020Module as unknown as { default: typeof Ajv2020Module }).default ?? Ajv2020Module;
const addFormats = (addFormatsModule as unknown as { default: typeof addFormatsModule }).default ?? addFormatsModule;

export type AjvInstance = InstanceType<typeof Ajv2020>;

/** A fresh ajv (draft 2020-12) that reports every error and knows the standard formats. */
export function createAjv(): AjvInstance {
  const ajv = new Ajv2020({ allErrors: true, strict: false, allowUnionTypes: true });
  addFormats(ajv);
  return ajv;
}

/** An ajv that stops at the first error (same options as createAjv otherwise); keep one beside each allErrors ajv. */
export function createFirstErrorAjv(): AjvInstance {
  const ajv = new Ajv2020({ allErrors: false, strict: false, allowUnionTypes: true });
  addFormats(ajv);
  return ajv;
}

export type { ErrorObject };

/** The data path of an ajv error as segments; for additional/missing properties, the offending key is appended. */
export function errorPath(e: ErrorObject): string[] {
  const base = e.instancePath === '' ? [] : e.instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (e.keyword === 'additionalProperties') return [...base, String((e.params as { additionalProperty: string }).additionalProperty)];
  return base;
}

/**
 * Where an ajv error lies in the data, for answers to a request: errorPath, and for a missing
 * property the missing property itself (one pointer rule: a missing field is pointed at, not its parent).
 */
export function requestPath(e: ErrorObject): string[] {
  return e.keyword === 'required' ? [...errorPath(e), String((e.params as { missingProperty: string }).missingProperty)] : errorPath(e);
}

/** A Dutch message for an ajv error, naming what is wrong without the schema's internals. */
export function errorMessage(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': return `verplicht veld '${String(p.missingProperty)}' ontbreekt`;
    case 'additionalProperties': return `onbekend veld '${String(p.additionalProperty)}'`;
    case 'enum': return `waarde moet een van ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')} zijn`;
    case 'const': return `waarde moet ${JSON.stringify(p.allowedValue)} zijn`;
    case 'type': return `moet van type ${String(p.type)} zijn`;
    case 'pattern': return `heeft niet de vorm ${String(p.pattern)}`;
    case 'format': return `is geen geldige ${String(p.format)}`;
    case 'minLength': return `is te kort (minimaal ${String(p.limit)} tekens)`;
    case 'maxLength': return `is te lang (maximaal ${String(p.limit)} tekens)`;
    case 'minItems': return `moet minstens ${String(p.limit)} element(en) hebben`;
    case 'maxItems': return `mag hoogstens ${String(p.limit)} element(en) hebben`;
    case 'minimum': return `moet minstens ${String(p.limit)} zijn`;
    case 'maximum': return `mag hoogstens ${String(p.limit)} zijn`;
    case 'uniqueItems': return `bevat dubbele elementen (${String(p.j)} en ${String(p.i)})`;
    case 'minProperties': return 'mag niet leeg zijn';
    case 'propertyNames': return `ongeldige naam`;
    default: return e.message ?? e.keyword;
  }
}

/** Drops errors that only repeat a more specific one (anyOf/oneOf summaries, propertyNames wrappers). */
export function usefulErrors(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'if' || e.keyword === 'propertyNames') return false;
    // propertyNames errors repeat once per schema path; keep one per place and message.
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
