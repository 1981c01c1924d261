/**
 * The load client, in a process of its own: autocannon POSTs the request bodies of a JSON file
 * (an array of strings) in turn on every connection, for a bounded time, and prints one JSON line
 * with requests per second, latency and errors. `node --import tsx load-client.ts <url> <bodies.json> <connections> <seconds>`.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const [url, file, connections, seconds] = process.argv.slice(2);
const bodies = JSON.parse(readFileSync(file, 'utf8')) as string[];
const r = await autocannon({
  url,
  connections: Number(connections),
  duration: Number(seconds),
  pipelining: 1,
  requests: bodies.map((body) => ({ method: 'POST', path: new URL(url).pathname, headers: { 'content-type': 'application/json' }, body })),
});
console.log(JSON.stringify({ rps: r.requests.average, total: r.requests.total, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx }));
