// Every HTTP failure maps to the error class that tells retries what to do; failures without an answer too.
// Errors and log lines never carry the token, the client secret or the private key.
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { ApplicationFailure } from '@temporalio/common';
import { rateLimitRetryDelayMs, toApplicationFailure } from '../../activities/failures.js';
import { createLogger } from '../../lib/logger.js';
import { StaticTokenProvider } from '../../partner-api/auth.js';
import { ServiceAccountTokenProvider } from '../../partner-api/auth/service-account.js';
import { TokenCache } from '../../partner-api/auth/token-cache.js';
import { PartnerApiClient } from '../../partner-api/client.js';
import {
  PartnerAbortedError,
  PartnerApiError,
  PartnerAuthError,
  PartnerConflictError,
  PartnerForbiddenError,
  PartnerNetworkError,
  PartnerNotFoundError,
  PartnerRateLimitError,
  PartnerRequestError,
  PartnerServerError,
  PartnerTimeoutError,
  PartnerValidationError,
} from '../../partner-api/errors.js';
import { rsaKeyPair } from './support/keys.js';
import { closedPort, startLoopbackServer, type LoopbackServer, type Reply } from './support/loopback-server.js';
import { startTokenServer } from './support/token-server.js';

const TOKEN = 'secret-access-token-0123456789';
let reply: Reply | 'hang' = { status: 200, body: {} };
let api: LoopbackServer;

beforeAll(async () => {
  api = await startLoopbackServer(() => reply);
});

afterAll(async () => {
  await api.close();
});

function client(options: { timeoutMs?: number; baseUrl?: string } = {}): PartnerApiClient {
  return new PartnerApiClient({
    baseUrl: options.baseUrl ?? `${api.url}/v1.0`,
    tokens: new StaticTokenProvider(TOKEN),
    timeoutMs: options.timeoutMs ?? 5_000,
    rateLimits: false,
  });
}

async function failure(call: Promise<unknown>): Promise<PartnerApiError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof PartnerApiError)) throw new Error(`expected a PartnerApiError, got ${inspect(error)}`);
  return error;
}

describe.each([
  [400, 'INVALID_PARAMETER', {}, PartnerValidationError, 'ERR_PARTNER_VALIDATION', false],
  [401, 'UNAUTHORIZED', {}, PartnerAuthError, 'ERR_PARTNER_AUTH', false],
  [403, 'UNAUTHORIZED', {}, PartnerAuthError, 'ERR_PARTNER_AUTH', false],
  [403, 'ACCESS_DENIED', {}, PartnerForbiddenError, 'ERR_PARTNER_FORBIDDEN', false],
  [404, 'NOT_FOUND', {}, PartnerNotFoundError, 'ERR_PARTNER_NOT_FOUND', false],
  [409, 'ALREADY_EXIST', {}, PartnerConflictError, 'ERR_PARTNER_CONFLICT', false],
  [410, 'DELETED', {}, PartnerNotFoundError, 'ERR_PARTNER_NOT_FOUND', false],
  [429, 'TOO_MANY_REQUESTS', { 'rateLimit-reset': '17' }, PartnerRateLimitError, 'ERR_PARTNER_RATE_LIMITED', true],
  [500, 'INTERNAL_SERVER_ERROR', {}, PartnerServerError, 'ERR_PARTNER_SERVER', true],
  [503, 'SERVICE_UNAVAILABLE', {}, PartnerServerError, 'ERR_PARTNER_SERVER', true],
  [418, 'TEAPOT', {}, PartnerRequestError, 'ERR_PARTNER_REQUEST', false],
  [408, 'REQUEST_TIMEOUT', {}, PartnerTimeoutError, 'ERR_PARTNER_TIMEOUT', true],
])('HTTP %i %s', (status, apiCode, headers, type, code, retryable) => {
  test(`→ ${type.name} (${code}, retryable ${retryable})`, async () => {
    reply = { status, headers, body: { code: apiCode, description: `described ${apiCode}` } };
    const error = await failure(client().getCustomer(10000001));
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ code, retryable, status, apiCode, apiDescription: `described ${apiCode}`, operation: 'getCustomer' });
    expect(error.message).toContain('getCustomer');
    expect(error.message).toContain(`HTTP ${status}`);
    expect(error.message).toContain(apiCode);
    expect(`${error.message} ${JSON.stringify(error)} ${inspect(error, { depth: 10 })}`).not.toContain(TOKEN);
  });
});

test('429 without rateLimit-reset waits the default 60 s', async () => {
  reply = { status: 429, body: { code: 'TOO_MANY_REQUESTS', description: 'API rate limit exceeded' } };
  const error = await failure(client().listCustomers());
  expect(error).toBeInstanceOf(PartnerRateLimitError);
  expect((error as PartnerRateLimitError).retryAfterSeconds).toBe(60);
});

test('429 with rateLimit-reset waits that many seconds, and Temporal retries after it plus a random share (jitter)', async () => {
  reply = { status: 429, headers: { 'RateLimit-Reset': '17' }, body: { code: 'TOO_MANY_REQUESTS' } };
  const error = await failure(client().listCustomers());
  expect((error as PartnerRateLimitError).retryAfterSeconds).toBe(17);
  const converted = toApplicationFailure(error) as ApplicationFailure;
  expect(converted).toBeInstanceOf(ApplicationFailure);
  expect(converted).toMatchObject({ type: 'ERR_PARTNER_RATE_LIMITED', nonRetryable: false });
  // Throttled activities must not all come back at the same instant: the retry waits the reset plus up to half of it.
  expect(converted.nextRetryDelay).toBeGreaterThanOrEqual(17_000);
  expect(converted.nextRetryDelay).toBeLessThanOrEqual(17_000 + 8_500);
  expect(rateLimitRetryDelayMs(17, () => 0)).toBe(17_000);
  expect(rateLimitRetryDelayMs(17, () => 0.999)).toBe(25_492);
  expect(new Set([0.1, 0.5, 0.9].map((r) => rateLimitRetryDelayMs(17, () => r))).size).toBe(3);
});

test('an error body that is not JSON still maps by status', async () => {
  reply = { status: 502, body: '<html>bad gateway</html>' };
  const error = await failure(client().getCustomer(1));
  expect(error).toMatchObject({ code: 'ERR_PARTNER_SERVER', retryable: true, status: 502, apiCode: undefined });
});

test('no answer within the timeout is a retryable timeout', async () => {
  reply = 'hang';
  const error = await failure(client({ timeoutMs: 200 }).getCustomer(1));
  expect(error).toBeInstanceOf(PartnerTimeoutError);
  expect(error).toBeInstanceOf(PartnerNetworkError);
  expect(error).toMatchObject({ code: 'ERR_PARTNER_TIMEOUT', retryable: true, networkCode: 'ETIMEDOUT', operation: 'getCustomer' });
  expect(error.status).toBeUndefined();
});

test('connection refused is a retryable network error', async () => {
  const port = await closedPort();
  const error = await failure(client({ baseUrl: `http://127.0.0.1:${port}/v1.0` }).getCustomer(1));
  expect(error).toBeInstanceOf(PartnerNetworkError);
  expect(error).toMatchObject({ code: 'ERR_PARTNER_NETWORK', retryable: true, networkCode: 'ECONNREFUSED' });
  expect(`${error.message} ${inspect(error, { depth: 10 })}`).not.toContain(TOKEN);
});

test('a call aborted in flight rejects as unclear (PartnerAbortedError) carrying the abort reason, which an activity reports as its cancellation', async () => {
  reply = 'hang';
  const controller = new AbortController();
  const reason = new Error('activity cancelled');
  const before = api.requests.length;
  const call = client().getCustomer(1, { signal: controller.signal });
  // Abort once the request has reached the server (bounded wait).
  for (let i = 0; i < 12_000 && api.requests.length === before; i++) await new Promise((r) => setTimeout(r, 5));
  expect(api.requests.length).toBe(before + 1);
  controller.abort(reason);
  const error = await failure(call);
  expect(error).toBeInstanceOf(PartnerAbortedError);
  expect(error).toMatchObject({ code: 'ERR_PARTNER_ABORTED', retryable: true, cause: reason });
  expect(toApplicationFailure(error)).toBe(reason);
});

test('log lines carry operation, method, status, durationMs and attempt, but no secrets', async () => {
  const keys = rsaKeyPair();
  const secret = 'client-secret-for-logs-42';
  const tokenServer = await startTokenServer({ extra: () => ({ refresh_token: 'refresh-token-for-logs' }) });
  const lines: string[] = [];
  const logger = createLogger(
    { level: 'info' },
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );
  const tokens = new ServiceAccountTokenProvider({
    clientId: 'client-logs',
    clientSecret: secret,
    serviceAccountId: 'sa@example.com',
    privateKey: keys.privateKeyPem,
    tokenUrl: tokenServer.tokenUrl,
    cache: new TokenCache(),
    logger,
  });
  const logged = new PartnerApiClient({ baseUrl: `${api.url}/v1.0`, tokens, logger, rateLimits: false, timeoutMs: 5_000 });
  try {
    reply = { status: 200, body: { domainId: 1 } };
    await logged.getCustomer(1);
    reply = { status: 401, body: { code: 'UNAUTHORIZED', description: 'expired' } };
    const error = await failure(logged.activateCustomer(1));
    logger.error({ err: error }, 'activity failed');
  } finally {
    await tokenServer.close();
  }

  const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const calls = entries.filter((e) => e.msg === 'partner api call' || e.msg === 'partner api call failed');
  expect(calls).toEqual([
    expect.objectContaining({ operation: 'getCustomer', method: 'GET', status: 200, attempt: 1, durationMs: expect.any(Number) }),
    expect.objectContaining({ operation: 'activateCustomer', method: 'POST', status: 401, attempt: 1, errorCode: 'ERR_PARTNER_AUTH' }),
    expect.objectContaining({ operation: 'activateCustomer', method: 'POST', status: 401, attempt: 2, errorCode: 'ERR_PARTNER_AUTH' }),
  ]);
  expect(entries.filter((e) => e.msg === 'token request')).toHaveLength(3);

  const text = lines.join('');
  const assertion = tokenServer.forms()[0]!.assertion!;
  for (const leaked of [secret, assertion, 'tok-1', 'tok-2', 'tok-3', 'refresh-token-for-logs', 'PRIVATE KEY', keys.privateKeyPem.split('\n')[1]!]) {
    expect(text).not.toContain(leaked);
  }
});
