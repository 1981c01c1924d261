/**
 * POST /api/v1/ijw/declaratie and /api/v1/ijw/toewijzing: iJw 3.2 messages in,
 * answers out (see docs/ijw.md). Transport: a JSON envelope that carries each
 * message as an XML string. The declaration answer is the JW325 as XML, or its
 * JSON twin with `Accept: application/json`. Errors are JSON, as everywhere.
 * Logs name the message and its counts, never a BSN.
 */
import { Router, raw, type Request } from 'express';
import { ApiError } from '../../base/errors.js';
import { answerIjwBody, type IjwJob, type IjwRoute } from '../../ijw/answer-body.js';
import { parseJsonBody } from '../../base/json-body-text.js';
import { IJW_SCHEMAS } from '../../ijw/envelope.js';
import { IJW_EXAMPLES } from '../../corpus/ijw-examples.js';
import { limitsFromEnv, type IjwLimits } from '../../ijw/limits.js';
import { maskBsn } from '../../ijw/mask.js';
import type { ServiceOptions } from '../../ijw/service.js';
import { ijwAnswerOf } from '../batch/ijw-task.js';
import { RECORD_PER_TURN } from '../batch/logged-pool.js';
import { eachInTurns } from '../../base/turns.js';
import type { BatchPool } from '../batch/pool.js';
import { asyncHandler } from '../errors.js';
import { bodyCharset, JSON_TYPES } from '../json-body.js';
import { errorResponse } from '../openapi/responses.js';
import type { Logger } from '../logger.js';
import type { RegistryHolder } from '../registry-holder.js';

export interface IjwRouteOptions {
  holder: RegistryHolder;
  today: () => string;
  logger: Logger;
  limits?: IjwLimits;
  /** Hears every line or product decided (the decision log). */
  onDecision?: ServiceOptions['onDecision'];
  /** Answers large messages on a worker (IJW_ON_WORKER_CHARS); without one, every message is answered here. */
  pool?: Pick<BatchPool, 'answerIjw'>;
}

/**
 * Bodies of at least this many bytes (about the characters of their messages) are parsed and answered on a batch
 * worker (IJW_ON_WORKER_CHARS, default 256 Ki).
 */
const onWorkerBytes = Math.max(1024, Number(process.env.IJW_ON_WORKER_CHARS) || 256 * 1024);

function requireJson(req: Request): void {
  if (!req.is(JSON_TYPES)) {
    throw new ApiError('unsupported_media_type', 'unsupported_media_type', 'stuur een JSON-envelop (Content-Type: application/json) met het bericht als XML-tekst', [{ pointer: '/header/content-type', message: `content-type ${maskBsn(String(req.get('content-type') ?? '(geen)')).slice(0, 100)}` }]);
  }
}

const wantsJson = (req: Request) => req.accepts(['application/xml', 'text/xml', 'application/json']) === 'application/json';

export function ijwRouter(o: IjwRouteOptions): Router {
  const limits = o.limits ?? limitsFromEnv();
  const r = Router();
  // The body's bytes (inflated, within IJW_MAX_BYTES): a large one is parsed on the worker that answers it.
  const body = raw({ type: () => true, limit: limits.maxBytes });

  const handler = (route: IjwRoute) => asyncHandler(async (req, res) => {
    const charset = bodyCharset(req);
    const bytes: Buffer | undefined = Buffer.isBuffer(req.body) ? req.body : undefined;
    const job: IjwJob = { route, body: undefined, today: o.today(), limits, json: route === 'declaratie' && wantsJson(req) };
    const registry = o.holder.current();
    // A large message is parsed, checked, judged and written on a batch worker (the same code), so it never holds up
    // the event loop; its bytes are copied once and moved (kept here in case the worker fails).
    const reply = o.pool?.answerIjw && bytes && bytes.byteLength >= onWorkerBytes
      ? await o.pool.answerIjw(registry, { ...job, raw: new Uint8Array(bytes), charset, decisions: !!o.onDecision })
      : undefined;
    // A 20,000-line message's decisions go to the log a slice per turn of the event loop.
    const onDecision = o.onDecision;
    if (reply && !reply.error && reply.decisions && onDecision) await eachInTurns(reply.decisions, RECORD_PER_TURN, onDecision);
    // As express.json({ strict: true }) reads it (no body at all: undefined, refused by the envelope check).
    if (!reply && bytes) job.body = parseJsonBody(bytes, charset, true);
    const answer = reply ? ijwAnswerOf(reply) : await answerIjwBody(job, registry, o.onDecision);
    o.logger.info(answer.log.fields, answer.log.msg);
    const type = answer.type === 'json' ? 'application/json; charset=utf-8' : 'application/xml; charset=utf-8';
    if (!('bytes' in answer)) return void res.type(type).send(answer.text);
    // The worker's bytes, written as made: nothing encoded or hashed (no ETag) over a large answer on the main thread.
    res.status(200).setHeader('content-type', type);
    res.setHeader('content-length', answer.bytes.byteLength);
    res.end(answer.bytes);
  });
  r.post('/declaratie', (req, _res, next) => { requireJson(req); next(); }, body, handler('declaratie'));
  r.post('/toewijzing', (req, _res, next) => { requireJson(req); next(); }, body, handler('toewijzing'));
  return r;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
/** Like evaluate: open unless the deployment requires an API key (the same guard is mounted). */
const security = [{}, { apiKey: [] }, { bearer: [] }, { session: [] }];
const err = errorResponse;

/** The OpenAPI fragment of the iJw endpoints. */
export const ijwOpenApi = {
  paths: {
    '/api/v1/ijw/declaratie': {
      post: {
        summary: 'A JW323 declaration (XML in a JSON envelope, with the JW301 allocations it refers to) answered as a JW325',
        security,
        description: 'In-message checks first (TR358, TR314, TR416, TR319, TR134/TR137, CS002, CS337, CS339, CS340, CD087, CD060: a failure gives a JW325 with only the Header and 0001); then each Prestatie through RAP declaratie for the version in force on its delivery date. XML by default; the JSON twin with Accept: application/json.',
        requestBody: { required: true, content: { 'application/json': { schema: ref('IjwDeclaratieRequest'), example: IJW_EXAMPLES.declaratie } } },
        responses: {
          200: {
            description: 'the JW325 (also when an in-message check failed: then Header only with 0001)',
            content: { 'application/xml': { schema: { type: 'string', description: 'JW325, namespace http://www.istandaarden.nl/ijw/3_2/jw325/schema' } }, 'application/json': { schema: ref('Jw325Json') } },
          },
          400: err(['invalid_request', 'invalid_message'], 'the envelope is wrong, or the XML is not well-formed, has a DTD or entities, is too deep, has the wrong namespace or BerichtCode, or fails the structure or XSD (no JW325; pointer /jw323 or /jw301/<i>, with line:column)'),
          413: err(['payload_too_large'], 'body over IJW_MAX_BYTES'),
        },
      },
    },
    '/api/v1/ijw/toewijzing': {
      post: {
        summary: 'A JW315 request or a JW301 allocation (XML in a JSON envelope) through RTP toewijzing, per product',
        security,
        requestBody: { required: true, content: { 'application/json': { schema: ref('IjwToewijzingRequest'), example: IJW_EXAMPLES.toewijzing } } },
        responses: {
          200: { description: 'per product: outcome, events, facts', content: { 'application/json': { schema: ref('IjwToewijzingAnswer') } } },
          400: err(['invalid_request', 'invalid_message']),
        },
      },
    },
  },
  schemas: {
    IjwDeclaratieRequest: strip(IJW_SCHEMAS.IjwDeclaratieRequest),
    IjwToewijzingRequest: strip(IJW_SCHEMAS.IjwToewijzingRequest),
    Jw325Json: IJW_SCHEMAS.IjwResponses.$defs.Jw325Json,
    IjwToewijzingAnswer: IJW_SCHEMAS.IjwResponses.$defs.ToewijzingAnswer,
  },
};

function strip(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}
