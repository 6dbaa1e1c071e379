// The observability endpoint of a process (node:http, no framework): GET /metrics (the application's prom-client
// registry followed by the Temporal SDK's runtime metrics, fetched from the SDK's own loopback exporter, so one
// address serves both), GET /healthz (liveness: the process answers) and GET /readyz (readiness: 200 or 503).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Readiness } from './health.js';

export interface ObservabilityServerOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  registry: Registry;
  /** The SDK's Prometheus exporter (Runtime telemetry), appended to /metrics; undefined: application metrics only. */
  sdkMetricsUrl?: string;
  readiness: () => Promise<Readiness>;
  /** Refreshes gauges computed on demand (workflows waiting); failures are ignored (the last values stay). */
  beforeScrape?: () => Promise<void>;
}

export interface ObservabilityServer {
  /** http://host:port */
  url: string;
  close(): Promise<void>;
}

async function sdkMetrics(url: string): Promise<string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return response.ok ? await response.text() : '';
  } catch {
    // The SDK exporter is not up (no worker runtime in this process yet): the application metrics still answer.
    return '';
  }
}

async function answer(options: ObservabilityServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  if (path === '/metrics') {
    await options.beforeScrape?.().catch(() => undefined);
    const app = await options.registry.metrics();
    const sdk = options.sdkMetricsUrl ? await sdkMetrics(options.sdkMetricsUrl) : '';
    res.writeHead(200, { 'content-type': options.registry.contentType }).end(`${app}\n${sdk}`);
    return;
  }
  if (path === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'alive' }));
    return;
  }
  if (path === '/readyz') {
    const readiness = await options.readiness();
    res.writeHead(readiness.ready ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: readiness.ready ? 'ready' : 'not ready', reason: readiness.reason }));
    return;
  }
  res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'NOT_FOUND', paths: ['/metrics', '/healthz', '/readyz'] }));
}

export async function startObservabilityServer(options: ObservabilityServerOptions): Promise<ObservabilityServer> {
  const server = createServer((req, res) => {
    answer(options, req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String((err as Error).message));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
