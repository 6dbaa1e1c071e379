// A plain node:http server on 127.0.0.1 that records every request and answers through a handler.
// Tests use it as a stand-in Partner API or token endpoint when they need full control over the answers.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpRequestRecord } from './request-validator.js';

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Sent as JSON unless it is a string. */
  body?: unknown;
}

/** `'hang'` never answers (for timeout tests); the server drops such connections on close. */
export type Handler = (request: HttpRequestRecord) => Reply | 'hang' | Promise<Reply | 'hang'>;

export interface LoopbackServer {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  requests: HttpRequestRecord[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startLoopbackServer(handler: Handler): Promise<LoopbackServer> {
  const requests: HttpRequestRecord[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const record: HttpRequestRecord = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: await readBody(req) };
      requests.push(record);
      let reply: Reply | 'hang';
      try {
        reply = await handler(record);
      } catch (err) {
        reply = { status: 599, body: { code: 'TEST_HANDLER_FAILED', description: String(err) } };
      }
      if (reply === 'hang') return;
      const text = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status, { ...(text && typeof reply.body !== 'string' ? { 'content-type': 'application/json' } : {}), ...reply.headers });
      res.end(text);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** A loopback port with nothing listening (bound, then released), for connection-refused tests. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
