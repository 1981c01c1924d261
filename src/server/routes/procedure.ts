/**
 * The procedure's HTTP API: /api/v1/proposals, /providers, /adoptions and
 * /explanations. Every route needs a login; the services decide on roles.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Auth } from '../../auth/auth.js';
import type { BodyCheck, ContractName, ContractType } from '../../contract/api-schemas.js';
import { ApiError } from '../../base/errors.js';
import { PROTOCOLS } from '../../load/model.js';
import { jsonOffThread } from '../json-off-thread.js';
import { limitsFromEnv } from '../../base/limits.js';
import type { Adoptions } from '../../amend/adopt.js';
import type { Proposals } from '../../amend/proposals.js';
import type { Providers } from '../../amend/use-cases/keep-provider-register.js';
import type { Actor } from '../../amend/types.js';
import { etagOf, ifMatchRevisions } from '../../amend/revision.js';

type Handler = (req: Request, res: Response, actor: Actor) => unknown;

/** Runs a handler; every error goes to the app's one error middleware. */
function handle(fn: Handler, status = 200) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const out = await fn(req, res, res.locals.actor as Actor);
      if (!res.headersSent) res.status(status).json(out);
    } catch (e) {
      next(e);
    }
  };
}

/** The schema (schemas/api) of each write's body, by method and path under /api/v1. */
const BODY_SCHEMAS: [string, RegExp, ContractName][] = [
  ['POST', /^\/proposals\/?$/, 'ProposalCreate'],
  ['PATCH', /^\/proposals\/[^/]+\/?$/, 'ProposalPatch'],
  ['POST', /^\/proposals\/[^/]+\/transition\/?$/, 'ProposalTransition'],
  ['POST', /^\/proposals\/[^/]+\/comments\/?$/, 'ProposalComment'],
  ['POST', /^\/proposals\/[^/]+\/consents\/?$/, 'ProposalConsent'],
  ['POST', /^\/providers\/?$/, 'ProvidersInput'],
  ['POST', /^\/adoptions\/?$/, 'AdoptionInput'],
];

/**
 * What a write's body is checked for before anything is stored: its schema from
 * schemas/api (an absent body as `{}`), and no NUL characters or lone surrogates
 * in any string (400 invalid_request with the JSON pointer).
 */
function bodyCheck(req: Request): BodyCheck | undefined {
  if (req.method === 'GET' || req.method === 'HEAD') return undefined;
  const path = (req.baseUrl + req.path).replace(/^\/api\/v1/, '');
  const schema = BODY_SCHEMAS.find(([m, re]) => m === req.method && re.test(path))?.[2];
  return { schema, cleanText: true, absent: {} };
}

/**
 * A proposal's ETag: its revision (what If-Match on PATCH compares) and a hash of the whole answer,
 * so a cached GET is never taken as fresh after a comment, impact or consent changed the view.
 */
function sendWithEtag(res: Response, view: { revision: string }): void {
  const body = JSON.stringify(view); // once, for the hash and the answer
  res.set('ETag', `W/"${etagOf(view.revision, body)}"`).type('json').send(body);
}

/** The proposal number of the path; anything else is 400 at /path/id (never a lookup of "voorstel NaN"). */
function idOf(req: Request): number {
  if (/^[1-9]\d{0,8}$/.test(String(req.params.id))) return Number(req.params.id);
  throw new ApiError('invalid', 'invalid_request', 'een voorstelnummer is een geheel getal vanaf 1', [{ pointer: '/path/id', message: 'geen voorstelnummer' }]);
}

/** An optional query parameter that must be one of `allowed`: 400 at /query/<name> otherwise. */
function queryOneOf(req: Request, name: string, allowed: readonly string[]): string | undefined {
  const v = req.query[name];
  if (v === undefined) return undefined;
  if (typeof v === 'string' && allowed.includes(v)) return v;
  throw new ApiError('invalid', 'invalid_request', `${name} moet een van ${allowed.join(', ')} zijn`, [{ pointer: `/query/${name}`, message: `onbekende waarde; verwacht ${allowed.join(', ')}` }]);
}
const body = (req: Request) => (req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {});

/** The body as the contract's type: bodyCheck had it validated against `schema` (BODY_SCHEMAS) before any handler runs. */
const bodyAs = <N extends ContractName>(req: Request, _schema: N) => body(req) as unknown as ContractType<N>;

/** Largest body of a procedure write (AMEND_BODY_LIMIT, default 2mb). */
const BODY_LIMIT = limitsFromEnv().amendBody;

function base(auth: Auth): Router {
  const r = Router();
  // A large body is parsed and checked (its schema, clean text) in a check worker (json-off-thread.ts).
  r.use(auth.requireLogin(), ...jsonOffThread(BODY_LIMIT, { strict: false, check: bodyCheck }));
  return r;
}

export function proposalsRouter(auth: Auth, proposals: Proposals): Router {
  const r = base(auth);
  r.get('/', handle(async (req) => ({ proposals: await proposals.list(typeof req.query.state === 'string' ? req.query.state : undefined) })));
  r.post('/', handle((req, _res, actor) => proposals.create(actor, bodyAs(req, 'ProposalCreate')), 201));
  r.post('/overlaps', handle((req) => proposals.overlaps(body(req))));
  r.get('/:id', handle(async (req, res) => sendWithEtag(res, await proposals.view(idOf(req)))));
  r.patch('/:id', handle(async (req, res, actor) => sendWithEtag(res, await proposals.patch(actor, idOf(req), bodyAs(req, 'ProposalPatch'), ifMatchRevisions(req.get('If-Match'))))));
  r.post('/:id/submit', handle((req, _res, actor) => proposals.submit(actor, idOf(req))));
  r.post('/:id/transition', handle((req, _res, actor) => proposals.transition(actor, idOf(req), bodyAs(req, 'ProposalTransition'))));
  r.post('/:id/comments', handle((req, _res, actor) => proposals.comment(actor, idOf(req), bodyAs(req, 'ProposalComment')), 201));
  r.post('/:id/consents', handle((req, _res, actor) => proposals.consent(actor, idOf(req), bodyAs(req, 'ProposalConsent'))));
  r.post('/:id/impact', handle((req, _res, actor) => proposals.impact(actor, idOf(req), body(req)), 201));
  r.post('/:id/rebase', handle((req, _res, actor) => proposals.rebase(actor, idOf(req))));
  return r;
}

export function providersRouter(auth: Auth, providers: Providers): Router {
  const r = base(auth);
  r.get('/', handle(async () => ({ providers: await providers.list() })));
  r.post('/', handle(async (req, _res, actor) => ({ providers: await providers.upsert(actor, body(req)) })));
  return r;
}

export function adoptionsRouter(auth: Auth, adoptions: Adoptions): Router {
  const r = base(auth);
  r.get('/', handle(async () => ({ adoptions: await adoptions.list() })));
  r.post('/', handle(async (req, _res, actor) => {
    const a = await adoptions.adopt(actor, bodyAs(req, 'AdoptionInput'));
    return { protocol: a.protocol, version: a.version, validFrom: a.validFrom, status: a.status, tag: a.tag, commit: a.commit, proposalIds: a.proposalIds, warnings: a.warnings ?? [], retroactive: a.retroactive ?? null };
  }, 201));
  return r;
}

export function explanationsRouter(auth: Auth, proposals: Proposals): Router {
  const r = base(auth);
  r.get('/', handle(async (req) => ({
    explanations: await proposals.explanations(queryOneOf(req, 'protocol', PROTOCOLS), typeof req.query.rule === 'string' ? req.query.rule : undefined),
  })));
  return r;
}
