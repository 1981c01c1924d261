/** One raw HTTP request on loopback, with a timeout; never throws (client-side refusals and timeouts are results). */
import http from 'node:http';

export interface FuzzRequest {
  /** What kind of body this is (for the report). */
  label: string;
  method: string;
  /** Sent as is: `//api/...`, `%00`, `..` included. */
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

export interface FuzzAnswer {
  status: number;
  /** Bytes of the answer body. */
  bytes: number;
  /** Bytes of the request: request line, headers and body. */
  requestBytes: number;
  ms: number;
  contentType: string;
  /** First bytes of the answer (for 5xx samples). */
  head: string;
  /** 'timeout': no answer within the timeout; 'client': node refused to send it; 'connection': the connection broke. */
  failure?: 'timeout' | 'client' | 'connection';
  error?: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export function send(base: string, r: FuzzRequest, timeoutMs: number): Promise<FuzzAnswer> {
  const body = r.body === undefined ? undefined : Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body, 'utf8');
  const headers: Record<string, string> = { ...(r.headers ?? {}) };
  if (body && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  if (body) headers['content-length'] = String(body.length);
  const u = new URL(base);
  // Node adds Host and Connection itself; the blank line ends the head.
  const sent = { host: u.host, connection: 'keep-alive', ...headers };
  const requestBytes = `${r.method} ${r.path} HTTP/1.1\r\n`.length + Object.entries(sent).reduce((n, [k, v]) => n + k.length + v.length + 4, 0) + 2 + (body?.length ?? 0);
  const started = performance.now();
  return new Promise<FuzzAnswer>((resolve) => {
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (a: Omit<FuzzAnswer, 'ms' | 'requestBytes'>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ ...a, requestBytes, ms: performance.now() - started });
    };
    let req: http.ClientRequest;
    try {
      req = http.request({ host: u.hostname, port: u.port, method: r.method, path: r.path, headers, agent }, (res) => {
        let bytes = 0;
        const head: Buffer[] = [];
        res.on('data', (d: Buffer) => { if (bytes < 400) head.push(d); bytes += d.length; });
        res.on('end', () => finish({ status: res.statusCode ?? 0, bytes, contentType: String(res.headers['content-type'] ?? ''), head: Buffer.concat(head).toString('utf8', 0, 400) }));
        res.on('error', (e) => finish({ status: 0, bytes, contentType: '', head: '', failure: 'connection', error: e.message }));
      });
    } catch (e) {
      finish({ status: 0, bytes: 0, contentType: '', head: '', failure: 'client', error: (e as Error).message });
      return;
    }
    timer = setTimeout(() => {
      finish({ status: 0, bytes: 0, contentType: '', head: '', failure: 'timeout' });
      req.destroy();
    }, timeoutMs);
    req.on('error', (e) => finish({ status: 0, bytes: 0, contentType: '', head: '', failure: 'connection', error: e.message }));
    req.end(body);
  });
}

export function closeClient(): void {
  agent.destroy();
}
