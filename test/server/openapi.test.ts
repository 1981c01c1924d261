import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { amendPaths, amendSchemas } from '../../src/server/openapi/procedure-paths.js';
import { createAjv } from '../../src/base/json-schema.js';
import { loadProject } from '../../src/evaluate/project.js';
import { createApp } from '../../src/server/app.js';
import { createLogger } from '../../src/server/logger.js';
import { createRegistryHolder } from '../../src/server/registry-holder.js';

const project = loadProject();
const app = createApp({ holder: createRegistryHolder(project.registry), logger: createLogger('silent'), openapi: [{ paths: amendPaths, schemas: amendSchemas }] });

type Doc = { openapi: string; paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>>; components: { schemas: Record<string, object> } };

async function fetchDoc(): Promise<Doc> {
  const r = await request(app).get('/api/openapi.json');
  expect(r.status).toBe(200);
  return r.body;
}

/** An ajv validator for a response schema of the document, with its components resolvable. */
function validatorFor(doc: Doc, path: string, method: string, status: string) {
  const schema = doc.paths[path]?.[method]?.responses?.[status]?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`no schema for ${method} ${path} ${status}`);
  return createAjv().compile({ ...schema, components: doc.components });
}

function refsIn(x: unknown, out: string[] = []): string[] {
  if (Array.isArray(x)) x.forEach((y) => refsIn(y, out));
  else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) (k === '$ref' ? out.push(v as string) : refsIn(v, out));
  return out;
}

describe('the served OpenAPI document', () => {
  it('is OpenAPI 3.1 whose schemas compile as JSON Schema 2020-12 and whose $refs all resolve', async () => {
    const doc = await fetchDoc();
    expect(doc.openapi).toBe('3.1.0');
    const ajv = createAjv();
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      expect(() => ajv.compile({ ...schema, components: doc.components }), name).not.toThrow();
    }
    for (const ref of refsIn(doc)) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas[ref.split('/')[3]], ref).toBeDefined();
    }
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(['get', 'post', 'put', 'patch', 'delete'], `${method} ${path}`).toContain(method);
        expect(Object.keys(op.responses).length, `${method} ${path}`).toBeGreaterThan(0);
      }
    }
  });

  it('describes every contract endpoint', async () => {
    const doc = await fetchDoc();
    for (const p of ['/api/v1/evaluate', '/api/v1/evaluate/batch', '/api/v1/rulesets', '/api/v1/rulesets/{protocol}/{version}', '/api/v1/rulesets/{protocol}/diff', '/api/openapi.json', '/healthz', '/api/v1/proposals', '/api/v1/adoptions']) {
      expect(doc.paths[p], p).toBeDefined();
    }
  });

  it('real responses conform to the documented schemas', async () => {
    const doc = await fetchDoc();
    const facts = {
      toewijzing: { toewijzingNummer: 1201, productCategorie: '45', productCode: null, ingangsdatum: '2024-09-01', einddatum: '2025-08-31', budget: 750000, omvang: null, redenWijziging: null },
      prestatie: { toewijzingNummer: 1201, productCategorie: '45', productCode: '45A03', productPeriode: { begindatum: '2025-02-01', einddatum: '2025-02-28' }, geleverdVolume: 90, eenheid: '01', productTarief: 132, ingediendBedrag: 11856 },
    };
    const checks: [string, string, string, request.Test][] = [
      ['/api/v1/evaluate', 'post', '200', request(app).post('/api/v1/evaluate').send({ protocol: 'RAP', decision: 'declaratie', facts, explain: true })],
      ['/api/v1/evaluate', 'post', '400', request(app).post('/api/v1/evaluate').send({ protocol: 'RAP', decision: 'declaratie', facts: {} })],
      ['/api/v1/evaluate', 'post', '404', request(app).post('/api/v1/evaluate').send({ protocol: 'XYZ', decision: 'declaratie', facts: {} })],
      ['/api/v1/evaluate', 'post', '422', request(app).post('/api/v1/evaluate').send({ protocol: 'RAP', decision: 'declaratie', facts, date: '2019-01-01' })],
      ['/api/v1/evaluate/batch', 'post', '200', request(app).post('/api/v1/evaluate/batch').send({ requests: [{ protocol: 'RAP', decision: 'declaratie', facts }, { protocol: 'RAP' }] })],
      ['/api/v1/rulesets', 'get', '200', request(app).get('/api/v1/rulesets')],
      ['/api/v1/rulesets/{protocol}/{version}', 'get', '200', request(app).get('/api/v1/rulesets/RTP/2.0')],
      ['/api/v1/rulesets/{protocol}/{version}/files', 'get', '200', request(app).get('/api/v1/rulesets/RTP/2.0/files')],
      ['/api/v1/rulesets/{protocol}/diff', 'get', '200', request(app).get('/api/v1/rulesets/RTP/diff?from=1.0&to=2.0')],
      ['/healthz', 'get', '200', request(app).get('/healthz')],
    ];
    for (const [path, method, status, pending] of checks) {
      const r = await pending;
      expect(String(r.status), `${method} ${path}`).toBe(status);
      const validate = validatorFor(doc, path, method, status);
      expect(validate(r.body), `${method} ${path} ${status}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('the semantic diff of RTP 1.0 to 2.0 names the therapist row and the new rules with their sources', async () => {
    const r = await request(app).get('/api/v1/rulesets/RTP/diff?from=1.0&to=2.0');
    const therapist = r.body.rows.changed.find((x: { table: string; key: { functie: string } }) => x.table === 'beroepentabel' && x.key.functie === 'kinder- en jeugdtherapeut');
    expect(therapist).toMatchObject({ values: { tariefgroep: 'TG3' }, before: { tariefgroep: 'TG4' } });
    expect(r.body.rules.added).toContainEqual(expect.objectContaining({ id: 'rtp.toewijzing.tijdelijke-inzet-max-3-maanden', source: 'informatiebrief 22 (001_d3c347649e399d51.txt) §1f' }));
    expect(r.body.rows.removed).toContainEqual(expect.objectContaining({ table: 'beroepentabel', key: { functie: 'regiebehandelaar dyslexie', caoSchaal: null } }));
  });
});
