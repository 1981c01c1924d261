/**
 * The first stage of answering: a request becomes the version, the compiled decision and the reference
 * date it is answered by, or a refusal naming the field that is wrong (unknown protocol, version or
 * decision, facts the schema refuses, no date, no version in force).
 */
import { isIsoDate } from '../expr/dates.js';
import { ApiError } from '../base/errors.js';
import { factPointer } from '../base/json-pointer.js';
import type { CompiledDecision } from '../compile/compile-decision.js';
import type { CompiledVersion } from '../compile/compile-version.js';
import type { Registry } from './registry.js';
import { readPath } from './run-decision.js';
import type { EvaluateRequest as ContractRequest } from '../../schemas/api/api-types.js';

/** A request as the contract has it (EvaluateRequest, schemas/api), with its facts readable. */
export type EvaluateRequest = Omit<ContractRequest, 'facts'> & { facts: Record<string, unknown> };

export interface Resolved {
  version: CompiledVersion;
  compiled: CompiledDecision;
  date: string;
}

export function resolveRequest(registry: Registry, req: EvaluateRequest): Resolved {
  const { protocol, decision } = req;
  if (!registry.protocols().includes(protocol as never)) {
    throw new ApiError('unknown_protocol', `onbekend protocol '${protocol}' (bekend: ${registry.protocols().join(', ')})`, [{ pointer: '/protocol', message: 'onbekend protocol' }]);
  }
  const pinned = req.version !== undefined ? registry.get(protocol, req.version) : undefined;
  if (req.version !== undefined && !pinned) {
    throw new ApiError('unknown_version', `${protocol} heeft geen versie '${req.version}'`, [{ pointer: '/version', message: 'onbekende versie' }]);
  }
  // The reference-date fact and facts schema come from the pinned version, or the newest one with this decision.
  const shape = pinned ?? registry.newestWith(protocol, decision);
  const shapeDecision = shape?.decisions.get(decision);
  if (!shapeDecision) {
    throw new ApiError('unknown_decision', `${protocol}${pinned ? ' ' + pinned.meta.version : ''} heeft geen beslissing '${decision}'`, [{ pointer: '/decision', message: 'onbekende beslissing' }]);
  }
  const schema = registry.facts.get(shapeDecision.facts);
  const problems = schema ? schema.validate(req.facts) : [];
  if (problems.length) {
    throw new ApiError('invalid_facts', `de feiten kloppen niet met het schema van ${protocol} ${decision} (${problems.length} fout(en))`,
      problems.map((p) => ({ pointer: '/facts' + p.pointer, message: p.message })));
  }
  const date = req.date ?? readPath(req.facts, shapeDecision.referenceDate);
  if (!isIsoDate(date)) {
    throw new ApiError('invalid_facts', `geen geldige peildatum: geef date of ${shapeDecision.referenceDate}`,
      [{ pointer: factPointer(shapeDecision.referenceDate), message: 'peildatum ontbreekt of is geen datum' }]);
  }
  const version = pinned ?? registry.inForce(protocol, date);
  if (!version) {
    throw new ApiError('no_version_in_force', `geen versie van ${protocol} in werking op ${date}`, [{ pointer: req.date ? '/date' : factPointer(shapeDecision.referenceDate), message: 'geen versie in werking op deze datum' }]);
  }
  const compiled = version.decisions.get(decision);
  if (!compiled) {
    throw new ApiError('unknown_decision', `${protocol} ${version.meta.version} (in werking op ${date}) heeft geen beslissing '${decision}'`, [{ pointer: '/decision', message: 'onbekende beslissing in deze versie' }]);
  }
  return { version, compiled, date };
}
