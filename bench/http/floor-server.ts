/**
 * The HTTP floor, in a process of its own: Express, one POST route that reads the request body as
 * the evaluate route does (bytes to text, JSON.parse) and writes the very answer bytes our evaluate
 * gives for that body (computed beforehand, looked up by the body text), with the same headers.
 * No evaluation, no checks, no log, no metrics: what any Express service pays to answer this request.
 * Started by bench/http/section.ts with fork(); the answers arrive in a JSON file (body text -> answer text).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';

const answers = new Map<string, string>(JSON.parse(readFileSync(process.argv[2], 'utf8')) as [string, string][]);
const app = express();
app.disable('x-powered-by');
app.disable('etag');

function answer(req: Request, res: Response, chunks: Buffer[]) {
  const text = (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString('utf8');
  JSON.parse(text); // read as the route reads it
  const out = answers.get(text);
  if (out === undefined) return void res.status(404).end();
  res.setHeader('x-request-id', randomUUID());
  res.statusCode = 200;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(out));
  res.end(out);
}

app.post('/api/v1/evaluate', (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => answer(req, res, chunks));
});
const server = app.listen(0, '127.0.0.1', () => process.send!({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
// The parent asks for this process's CPU time (µs) around each load run.
process.on('message', () => { const c = process.cpuUsage(); process.send!({ cpu: c.user + c.system }); });
process.on('disconnect', () => process.exit(0));
