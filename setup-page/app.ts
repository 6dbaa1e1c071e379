// The DNS setup page server (docs/setup-page.md), its own small HTTP server rather than a route of the CRM webhook: the
// webhook runs only when a CRM secret is set and faces the CRM, this faces customers' admins on another address (a
// public base URL behind a proxy), with its own limits and headers. Routes, all under a signed link:
//   GET  /setup/<domain>/<token>          the page (HTML)
//   GET  /setup/<domain>/<token>/status   what the page shows, as JSON (the page's script polls it)
//   POST /setup/<domain>/<token>/check    "check now": the recheckDns signal, rate limited per link (429)
// Every refused link (unsigned, garbled, tampered, expired, another domain or run) and every other path gets the same
// neutral page: 404 when nothing matches, 403 when a signature or run does not; never a word about a customer.
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { SETUP_PAGE_PATH, verifySetupLink, type SetupLinkClaims } from '../setup-link/signed-link.js';
import { serverOptions } from '../webhook/server-options.js';
import { MESSAGES, pageLang, type Lang } from './messages.js';
import { PerLinkLimiter } from './rate-limit.js';
import { runChainKey, StatusCache } from './status-cache.js';
import { renderMessage, renderNotValid, renderPage } from './render.js';
import { buildView } from './view.js';
import { readDomainStatus, requestRecheck } from './workflow-status.js';

export interface SetupPageOptions {
  client: Client;
  /** SETUP_PAGE_SECRET: verifies the links. Never logged. */
  secret: string;
  /** "Check now" presses accepted per link: one per this many milliseconds. */
  checkNowIntervalMs: number;
  /** The page and its poll read a run chain's status at most once per this many milliseconds. Default 2000. */
  statusCacheMs?: number;
  logger?: Logger;
  /** For tests: the clock links expire by. */
  now?: () => number;
}

interface LinkParams {
  domain: string;
  token: string;
}

/** Headers of every answer: nothing cached, the link never leaks as a referrer, only our inline script and styles run. */
function secure(reply: FastifyReply, nonce?: string): FastifyReply {
  return reply
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header(
      'content-security-policy',
      `default-src 'none'; style-src 'unsafe-inline'; ${nonce ? `script-src 'nonce-${nonce}'; ` : ''}connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
    );
}

const wantsJson = (request: FastifyRequest) => (request.headers.accept ?? '').includes('application/json');

export function buildSetupPageApp(options: SetupPageOptions): FastifyInstance {
  const now = options.now ?? Date.now;
  const limiter = new PerLinkLimiter(options.checkNowIntervalMs, now);
  const statuses = new StatusCache(options.statusCacheMs ?? 2_000);
  // The webhook's limits for slow and idle clients, with room for tokens (a few hundred characters) in the path. No
  // fastify logger: request lines would carry the links; this file logs what matters (refusals, errors) itself.
  const { maxParamLength: _webhookParamLength, ...limits } = serverOptions();
  const app = Fastify({ ...limits, routerOptions: { maxParamLength: 2_400 }, logger: false });
  const log = options.logger;

  const refuse = (request: FastifyRequest, reply: FastifyReply, code: 403 | 404) => {
    const lang = pageLang(undefined, request.headers['accept-language']);
    if (wantsJson(request)) return secure(reply).code(code).send({ error: MESSAGES[lang].notValid });
    return secure(reply).code(code).type('text/html; charset=utf-8').send(renderNotValid(lang));
  };

  /** Verifies the link of a request; the claims, or undefined after answering with the neutral page. */
  const verified = (request: FastifyRequest<{ Params: LinkParams }>, reply: FastifyReply): SetupLinkClaims | undefined => {
    const check = verifySetupLink(request.params.domain, request.params.token, options.secret, now());
    if (check.ok) return check.claims;
    log?.info({ refused: check.reason }, 'setup page link refused');
    void refuse(request, reply, check.reason === 'malformed' ? 404 : 403);
    return undefined;
  };

  /** The status behind a verified link, or undefined after answering (neutral page, or "try again" when unreadable). */
  const opened = async (request: FastifyRequest<{ Params: LinkParams }>, reply: FastifyReply, claims: SetupLinkClaims, fresh = false) => {
    const read = () => readDomainStatus(options.client, claims);
    const result = await (fresh ? read() : statuses.get(claims, read));
    if (result.open) return result;
    log?.info({ refused: result.why, workflowId: claims.workflowId }, 'setup page link opened nothing');
    if (result.why !== 'unreadable') {
      await refuse(request, reply, result.why === 'not-found' ? 404 : 403);
      return undefined;
    }
    const lang = pageLang(undefined, request.headers['accept-language']);
    const m = MESSAGES[lang];
    if (wantsJson(request)) await secure(reply).code(503).send({ error: m.unavailable });
    else await secure(reply).code(503).header('retry-after', '60').type('text/html; charset=utf-8').send(renderMessage(lang, m.title(claims.domain), m.unavailable));
    return undefined;
  };

  // Links within the page are relative to it, so they work behind a proxy that serves the page under a path prefix
  // (SETUP_PAGE_BASE_URL=https://partner.example/dns): the page is …/<domain>/<token>, its status …/<token>/status.
  const relative = { statusUrl: (token: string) => `${token}/status`, checkUrl: (token: string) => `${token}/check`, pageFromCheck: (token: string) => `../${token}` };

  app.get('/healthz', async () => ({ ok: true }));

  app.get<{ Params: LinkParams }>(`${SETUP_PAGE_PATH}/:domain/:token`, async (request, reply) => {
    const claims = verified(request, reply);
    if (!claims) return reply;
    const result = await opened(request, reply, claims);
    if (!result) return reply;
    const view = buildView(result.status, pageLang(result.locale, request.headers['accept-language']));
    const nonce = randomBytes(16).toString('base64');
    const { token } = request.params;
    return secure(reply, nonce).type('text/html; charset=utf-8').send(renderPage(view, { statusUrl: relative.statusUrl(token), checkUrl: relative.checkUrl(token) }, nonce));
  });

  app.get<{ Params: LinkParams }>(`${SETUP_PAGE_PATH}/:domain/:token/status`, async (request, reply) => {
    const claims = verified(request, reply);
    if (!claims) return reply;
    const result = await opened(request, reply, claims);
    if (!result) return reply;
    return secure(reply).send(buildView(result.status, pageLang(result.locale, request.headers['accept-language'])));
  });

  app.post<{ Params: LinkParams }>(`${SETUP_PAGE_PATH}/:domain/:token/check`, async (request, reply) => {
    const claims = verified(request, reply);
    if (!claims) return reply;
    const result = await opened(request, reply, claims, true);
    if (!result) return reply;
    const lang: Lang = pageLang(result.locale, request.headers['accept-language']);
    const m = MESSAGES[lang];
    const answer = (code: number, message: string) =>
      wantsJson(request)
        ? secure(reply).code(code).send({ message })
        : secure(reply).code(code).type('text/html; charset=utf-8').send(renderMessage(lang, m.title(claims.domain), message));
    if (!buildView(result.status, lang).canCheck) return answer(409, m.notWaiting);
    // Per run chain, not per token string: links re-signed after an extension (and any other spelling of one link)
    // share one allowance.
    const taken = limiter.take(runChainKey(claims));
    if (!taken.ok) {
      reply.header('retry-after', String(taken.retryAfterSeconds));
      return answer(429, m.tooSoon(taken.retryAfterSeconds));
    }
    if (!(await requestRecheck(options.client, claims))) return answer(409, m.notWaiting);
    // Without script the form posts here: back to the page, which shows the new check once it is done.
    if (!wantsJson(request)) return secure(reply).code(303).header('location', relative.pageFromCheck(request.params.token)).send();
    return answer(202, m.checkRequested);
  });

  app.setNotFoundHandler((request, reply) => refuse(request, reply, 404));
  app.setErrorHandler((err, request, reply) => {
    log?.error({ err }, 'setup page error');
    const lang = pageLang(undefined, request.headers['accept-language']);
    const m = MESSAGES[lang];
    return secure(reply).code(503).type('text/html; charset=utf-8').send(renderMessage(lang, m.notValidTitle, m.unavailable));
  });
  return app;
}

export interface SetupPageServer {
  app: FastifyInstance;
  /** The listen address (the links use the configured public base URL, which may differ). */
  url: string;
  stop: () => Promise<void>;
}

export async function startSetupPageServer(options: SetupPageOptions & { host: string; port: number }): Promise<SetupPageServer> {
  const app = buildSetupPageApp(options);
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return { app, url: `http://${host}:${port}`, stop: () => app.close() };
}
