/**
 * GET /api/v1/decisions: the decision log for staff who look for the cases
 * behind a change, filtered by protocol, decision, outcome, rule, code and
 * days, newest first, a bounded page at a time. Administrators (beheerder) and
 * reviewers (beoordelaar) only, by login: never an API key.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { DecisionsQuery } from '../../../schemas/api/api-types.js';
import type { Store } from '../../amend/store/store.js';
import type { Actor, Role } from '../../amend/types.js';
import { ApiError } from '../../base/errors.js';
import { schemaProblems } from '../../contract/api-schemas.js';
import { errorResponse } from '../openapi/responses.js';
import { periodOf, PeriodError } from '../../decision-log/period.js';

export const DECISIONS_PAGE = { default: 100, max: 500 };
const READERS: Role[] = ['beheerder', 'beoordelaar'];

export function decisionsRouter(requireLogin: () => (req: Request, res: Response, next: NextFunction) => unknown, store: Pick<Store, 'decisions'>): Router {
  const r = Router();
  r.get('/', requireLogin(), async (req, res, next) => {
    try {
      const actor = res.locals.actor as Actor | undefined;
      if (!actor || !READERS.some((role) => actor.roles.includes(role))) {
        throw new ApiError('forbidden', 'forbidden', 'het beslissingslog lezen vraagt de rol beheerder of beoordelaar', [{ pointer: '', message: 'rol beheerder of beoordelaar' }]);
      }
      const query = { ...req.query };
      const problems = schemaProblems('DecisionsQuery', query);
      // Query parameters are pointed at as /query/<name> (docs/contract.md).
      if (problems.length) throw new ApiError('invalid', 'invalid_request', 'de zoekvelden kloppen niet', problems.map((d) => ({ ...d, pointer: `/query${d.pointer}` })));
      const q = query as DecisionsQuery;
      const limit = q.limit === undefined ? DECISIONS_PAGE.default : Number(q.limit);
      if (limit > DECISIONS_PAGE.max) throw new ApiError('invalid', 'invalid_request', `limit is hoogstens ${DECISIONS_PAGE.max}`, [{ pointer: '/query/limit', message: `1..${DECISIONS_PAGE.max}` }]);
      let period;
      try {
        period = periodOf(q.since, q.until);
      } catch (e) {
        if (!(e instanceof PeriodError)) throw e;
        throw new ApiError('invalid', 'invalid_request', e.message, [{ pointer: `/query/${e.field}`, message: e.message }]);
      }
      const decisions = await store.decisions.list({
        protocol: q.protocol, decision: q.decision, outcome: q.outcome, rule: q.rule, code: q.code, ...period,
        beforeId: q.before === undefined ? undefined : Number(q.before), limit: limit + 1,
      });
      const more = decisions.length > limit;
      const page = decisions.slice(0, limit);
      res.json({ decisions: page, next: more ? String(page[page.length - 1].id) : null });
    } catch (e) {
      next(e);
    }
  });
  return r;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const query = (name: string, description: string) => ({ name, in: 'query', required: false, schema: { type: 'string' }, description });

/** The OpenAPI fragment of GET /api/v1/decisions (schemas: DecisionsQuery, DecisionLogPage in schemas/api). */
export const decisionsOpenApi = {
  paths: {
    '/api/v1/decisions': {
      get: {
        summary: 'The decision log, newest first: find the cases behind a change (administrators and reviewers, by login only)',
        description: 'Query fields as in the DecisionsQuery schema. Identifiers appear only as keyed hashes (docs/decision-log.md).',
        security: [{ session: [] }],
        parameters: [
          query('protocol', 'RTP or RAP'), query('decision', 'e.g. declaratie'), query('outcome', 'e.g. afgekeurd'), query('rule', 'a rule that fired'),
          query('code', 'a return code, e.g. 0611'), query('since', 'decided on or after this day (YYYY-MM-DD, Dutch time)'),
          query('until', 'decided on or before this day (YYYY-MM-DD, Dutch time)'), query('limit', 'per page, 1..500 (default 100)'), query('before', 'the next page: `next` of the previous answer'),
        ],
        responses: {
          200: { description: 'a page of the log', content: { 'application/json': { schema: ref('DecisionLogPage') } } },
          400: errorResponse(['invalid_request'], 'a query field is wrong (pointer /query/<field>)'),
          401: errorResponse(['unauthenticated'], 'no login (an API key does not give access)'),
          403: errorResponse(['forbidden'], 'neither administrator nor reviewer'),
        },
      },
    },
  },
  schemas: {},
};
