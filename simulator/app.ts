// Builds the Partner API simulator: a fastify app serving the Partner API under /v1.0, the token endpoint and the
// control API. Every API call passes, in order: scheduler (apply what is due) -> auth -> rate limit -> faults ->
// handler -> journal.
import type { Socket } from 'node:net';
import fastify, { type FastifyRequest } from 'fastify';
import { TokenService, tokenRoutes } from './auth.js';
import { SimClock } from './clock.js';
import { controlRoutes, CONTROL_PREFIX } from './control.js';
import { DnsChecker } from './dns-check.js';
import { verdictFromPublished } from './dns-zone.js';
import { FaultInjector, type Fault } from './faults.js';
import { choicesProblems, defaultChoices, mergeChoices } from './choices.js';
import { controlTenantRoutes } from './control-tenant.js';
import { propagated, visibleDomains } from './dns-propagation.js';
import { expiredAs403 } from './expired-token.js';
import { ApiError, sendError, type SimContext } from './http.js';
import { resolveOptions, type SimulatorOptions } from './options.js';
import { RateLimiter, rateLimitHeaders } from './rate-limit.js';
import { billingRoutes } from './routes/billing.js';
import { customerRoutes } from './routes/customers.js';
import { domainRoutes } from './routes/domains.js';
import { optionOrderRoutes } from './routes/option-orders.js';
import { optionRoutes } from './routes/options.js';
import { potentialCustomerRoutes } from './routes/potential-customers.js';
import { subscriptionScheduleRoutes } from './routes/subscription-schedules.js';
import { subscriptionRoutes } from './routes/subscriptions.js';
import { usageStatusRoutes } from './routes/usage-status.js';
import { processDue } from './scheduler.js';
import { applySeed } from './seed.js';
import { SimulatorState, type JournalFaultKind } from './state.js';
import type { Simulator } from './parts.js';

export const API_PREFIX = '/v1.0';
export type { SimulatorOptions } from './options.js';

export type { Simulator } from './parts.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when this call must apply its change and then fail (commit-then-fail fault). */
    commitThenFail?: Fault;
    /** The injected fault that shapes this call's answer (error, 429, slow), for the journal. */
    injectedFault?: { kind: JournalFaultKind; label: string; delayMs?: number };
  }
}

function journalEntry(ctx: SimContext, request: FastifyRequest, status: number, fault?: { kind: JournalFaultKind; label: string }) {
  ctx.state.journal.push({
    operation: request.routeOptions.config.operationId!,
    method: request.method,
    path: request.url,
    body: request.body,
    status,
    at: ctx.clock.now().toISOString(),
    ...(fault ? { fault: fault.label, faultKind: fault.kind } : {}),
  });
}

/**
 * The label of a slow call once it is answered: a write applied after the client had given up (its connection is
 * closed) is a late commit, the case the settle delay exists for.
 */
function slowLabel(request: FastifyRequest, status: number, delayMs: number): { kind: JournalFaultKind; label: string } {
  const clientGone = request.raw.destroyed || request.raw.socket.destroyed;
  if (clientGone && request.method !== 'GET' && status < 400) return { kind: 'lateCommit', label: `lateCommit (slow ${delayMs} ms: applied with ${status} after the client gave up)` };
  return { kind: 'slow', label: `slow (${delayMs} ms${clientGone ? ', the client had gone' : ''})` };
}

export function buildSimulator(input: SimulatorOptions = {}): Simulator {
  const options = resolveOptions(input);
  const problems = choicesProblems(options.choices ?? {});
  if (problems.length > 0) throw new Error(`simulator options: ${problems.join('; ')}`);
  const state = new SimulatorState(mergeChoices(defaultChoices(), options.choices ?? {}), options.dnsServerDelaysMs);
  const clock = new SimClock(options.timeZone, options.startTime ? new Date(options.startTime) : undefined, options.freezeClock ?? false);
  // LINE WORKS' own check sees records (flagged or published) once every simulated server has them (dns-propagation.ts).
  const dns = new DnsChecker(
    options.dnsResolver,
    () => visibleDomains(state, clock.nowMs()),
    (records) => {
      const domain = records.domain?.toLowerCase();
      if (!domain || !propagated(state, domain, clock.nowMs())) return { ownership: false, mx: false };
      return verdictFromPublished(state.publishedDns.get(domain), records);
    },
  );
  const ctx: SimContext = { state, clock, options, dns };
  const tokens = new TokenService(options, clock);
  const rateLimiter = new RateLimiter(options.rateLimitPerMinute);
  const faults = new FaultInjector(options.faultSeed);
  const hung = new Set<Socket>();
  const app = fastify({ logger: options.logger ?? false });

  app.addHook('onRequest', async (request, reply) => {
    const operation = request.routeOptions.config.operationId;
    if (!operation) return;
    processDue(ctx);
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : undefined;
    const verdict = expiredAs403(tokens.check(token, request.routeOptions.config.access ?? 'write'), operation, state.choices);
    if (!verdict.ok) {
      if (verdict.status === 401) reply.header('www-authenticate', `Bearer error="invalid_token", error_description="${verdict.description}"`);
      return sendError(reply, verdict.status, verdict.code, verdict.description);
    }
    const rate = rateLimiter.take(operation, clock.nowMs());
    reply.headers(rateLimitHeaders(rate));
    if (!rate.allowed) return sendError(reply, 429, 'TOO_MANY_REQUESTS', 'API rate limit exceeded');
  });

  // Faults are drawn after the body is parsed, so the journal of a hung call still shows what was asked.
  app.addHook('preHandler', async (request, reply) => {
    const operation = request.routeOptions.config.operationId;
    if (!operation) return;
    const fault = faults.draw(operation);
    if (!fault) return;
    if (fault.kind === 'error') {
      request.injectedFault = { kind: 'error', label: `error (${fault.status ?? 500})` };
      return sendError(reply, fault.status ?? 500, fault.status === 503 ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_SERVER_ERROR', 'Injected server error');
    }
    if (fault.kind === 'tooManyRequests') {
      request.injectedFault = { kind: 'tooManyRequests', label: 'tooManyRequests (429, reset 60 s)' };
      reply.header('rateLimit-remaining', 0).header('rateLimit-reset', 60);
      return sendError(reply, 429, 'TOO_MANY_REQUESTS', 'API rate limit exceeded');
    }
    if (fault.kind === 'hang') {
      journalEntry(ctx, request, 0, { kind: 'hang', label: 'hang' });
      reply.hijack();
      hung.add(request.raw.socket);
      request.raw.socket.once('close', () => hung.delete(request.raw.socket));
      return reply;
    }
    if (fault.kind === 'slow') {
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 1000));
      request.injectedFault = { kind: 'slow', label: 'slow', delayMs: fault.delayMs ?? 1000 };
    }
    if (fault.kind === 'commitThenFail') request.commitThenFail = fault;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.routeOptions.config.operationId) return payload;
    const fault = request.commitThenFail;
    if (fault && reply.statusCode < 400) {
      if (fault.mode === 'drop') {
        journalEntry(ctx, request, 0, { kind: 'commitThenFail/drop', label: `commitThenFail/drop (applied with ${reply.statusCode}, connection dropped)` });
        request.raw.socket.destroy();
        return payload;
      }
      journalEntry(ctx, request, 500, { kind: 'commitThenFail/error', label: `commitThenFail/error (applied with ${reply.statusCode}, answered 500)` });
      reply.code(500).header('content-type', 'application/json; charset=utf-8');
      return JSON.stringify({ code: 'INTERNAL_SERVER_ERROR', description: 'Internal server error' });
    }
    const injected = request.injectedFault;
    journalEntry(ctx, request, reply.statusCode, injected?.delayMs !== undefined ? slowLabel(request, reply.statusCode, injected.delayMs) : injected);
    return payload;
  });

  app.setErrorHandler((error: Error & { statusCode?: number; validation?: unknown }, request, reply) => {
    if (error instanceof ApiError) {
      const operation = request.routeOptions.config.operationId ?? '';
      const status = error.status === 404 && state.choices.notFoundAs400.includes(operation) ? 400 : error.status;
      return sendError(reply, status, error.code, error.message);
    }
    if (error.validation) return sendError(reply, 400, 'INVALID_PARAMETER', error.message);
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return sendError(reply, 400, 'BAD_REQUEST', error.message);
    request.log.error({ err: error }, 'simulator handler failed');
    return sendError(reply, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
  });

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith(CONTROL_PREFIX)) return sendError(reply, 404, 'NOT_FOUND', 'No such control endpoint');
    return sendError(reply, 404, 'NOT_FOUND', `No such API: ${request.method} ${request.url.split('?')[0]}`);
  });

  // Hung calls never answer; close their sockets when the simulator stops so it can shut down.
  app.addHook('onClose', async () => {
    for (const socket of hung) socket.destroy();
  });

  // Bodiless POSTs (activate) may still carry a JSON content type; treat an empty body as no body.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, raw, done) => {
    if (raw === '') return done(null, undefined);
    try {
      done(null, JSON.parse(raw as string));
    } catch {
      done(new ApiError(400, 'BAD_REQUEST', 'the request body is not valid JSON'), undefined);
    }
  });
  tokenRoutes(app, tokens);
  void app.register(
    async (api) => {
      for (const routes of [
        customerRoutes,
        domainRoutes,
        potentialCustomerRoutes,
        usageStatusRoutes,
        subscriptionRoutes,
        subscriptionScheduleRoutes,
        optionRoutes,
        optionOrderRoutes,
        billingRoutes,
      ]) {
        routes(api, ctx);
      }
    },
    { prefix: API_PREFIX },
  );
  const simulator: Simulator = { app, state, clock, tokens, rateLimiter, faults, options };
  controlRoutes(app, ctx, simulator);
  controlTenantRoutes(app, ctx);
  if (options.seed !== undefined) applySeed(ctx, options.seed);
  return simulator;
}

/** Starts the simulator on loopback; port 0 picks a free port. Returns the Partner API base URL. */
export async function startSimulator(
  port = 0,
  options: SimulatorOptions = {},
): Promise<Simulator & { baseUrl: string; url: string; tokenUrl: string }> {
  const simulator = buildSimulator(options);
  const address = await simulator.app.listen({ host: options.host ?? '127.0.0.1', port });
  return { ...simulator, url: address, baseUrl: `${address}${API_PREFIX}`, tokenUrl: `${address}/oauth2/v2.0/token` };
}
