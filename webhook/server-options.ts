// The webhook server's defences against slow and idle clients (a request sent a byte at a time, a connection
// opened and left silent) and oversized headers, as fastify and Node http options. Node checks the headers and
// request timeouts on a timer (connectionsCheckingInterval, 30 s by default); it runs here at least once a second,
// so a slow client is cut off close to its deadline rather than up to 30 s later.
import type { Server } from 'node:http';
import type { FastifyHttpOptions } from 'fastify';
import { DEFAULT_WEBHOOK_LIMITS, type WebhookLimits } from '../config/triggers.js';

export function serverOptions(limits: Partial<WebhookLimits> = {}): FastifyHttpOptions<Server> {
  const l: WebhookLimits = { ...DEFAULT_WEBHOOK_LIMITS, ...limits };
  return {
    // Socket inactivity: nothing arrives for this long → the socket is destroyed.
    connectionTimeout: l.idleTimeoutMs,
    requestTimeout: l.requestTimeoutMs,
    keepAliveTimeout: l.keepAliveTimeoutMs,
    // One event per request: no path parameters worth more than a few bytes.
    maxParamLength: 100,
    http: {
      headersTimeout: Math.min(l.headersTimeoutMs, l.requestTimeoutMs),
      maxHeaderSize: l.maxHeaderBytes,
      connectionsCheckingInterval: Math.min(1_000, l.headersTimeoutMs),
    },
  };
}
