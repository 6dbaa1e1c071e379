// Service-account (JWT bearer) authentication against a loopback token endpoint, with a real RSA key pair:
// the assertion, the form, the shared cache, single flight, renewal before expiry, and token renewal on 401/403.
import { createPublicKey } from 'node:crypto';
import { inspect } from 'node:util';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { ServiceAccountTokenProvider, JWT_BEARER_GRANT, type ServiceAccountOptions } from '../../partner-api/auth/service-account.js';
import { TokenCache } from '../../partner-api/auth/token-cache.js';
import { PartnerApiClient } from '../../partner-api/client.js';
import { PartnerAuthError, PartnerCredentialsError, PartnerForbiddenError, PartnerTokenUnavailableError } from '../../partner-api/errors.js';
import { OperationRateLimits } from '../../partner-api/rate-limit.js';
import { rsaKeyPair } from './support/keys.js';
import { closedPort, startLoopbackServer, type LoopbackServer } from './support/loopback-server.js';
import { startTokenServer, type TokenServer } from './support/token-server.js';

const keys = rsaKeyPair();
const CLIENT_SECRET = 'client-secret-value-123';
const servers: Array<{ close(): Promise<void> }> = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function tokenServer(options?: Parameters<typeof startTokenServer>[0]): Promise<TokenServer> {
  const server = await startTokenServer(options);
  servers.push(server);
  return server;
}

function provider(server: TokenServer, overrides: Partial<ServiceAccountOptions> = {}): ServiceAccountTokenProvider {
  return new ServiceAccountTokenProvider({
    clientId: 'client-abc',
    clientSecret: CLIENT_SECRET,
    serviceAccountId: 'sa1.serviceaccount@example.com',
    privateKey: keys.privateKeyPem,
    tokenUrl: server.tokenUrl,
    timeoutMs: 5_000,
    cache: new TokenCache(),
    ...overrides,
  });
}

test('the token request is a form with a JWT signed RS256 that verifies with the public key', async () => {
  const server = await tokenServer();
  const now = 1_800_000_000_123;
  const token = await provider(server, { now: () => now }).getToken('partner.read');

  expect(token).toBe('tok-1');
  expect(server.requests).toHaveLength(1);
  expect(server.requests[0]!.method).toBe('POST');
  expect(server.requests[0]!.url).toBe('/oauth2/v2.0/token');
  expect(server.requests[0]!.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
  const form = server.forms()[0]!;
  expect(form).toEqual({
    grant_type: JWT_BEARER_GRANT,
    assertion: expect.any(String),
    client_id: 'client-abc',
    client_secret: CLIENT_SECRET,
    scope: 'partner.read',
  });

  const { payload } = await jwtVerify(form.assertion!, createPublicKey(keys.publicKeyPem), {
    algorithms: ['RS256'],
    currentDate: new Date(now),
  });
  expect(decodeProtectedHeader(form.assertion!)).toEqual({ alg: 'RS256', typ: 'JWT' });
  expect(payload.iss).toBe('client-abc');
  expect(payload.sub).toBe('sa1.serviceaccount@example.com');
  expect(payload.iat).toBe(Math.floor(now / 1000));
  expect(Number.isInteger(payload.exp)).toBe(true);
  expect(payload.exp! - payload.iat!).toBeGreaterThan(0);
  expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(3600);
});

test('a token is cached per scope and shared by providers of the same client id', async () => {
  const server = await tokenServer();
  const cache = new TokenCache();
  const first = provider(server, { cache });
  const second = provider(server, { cache });

  expect(await first.getToken('partner')).toBe('tok-1');
  expect(await second.getToken('partner')).toBe('tok-1');
  expect(await first.getToken('partner.read')).toBe('tok-2');
  expect(await second.getToken('partner.read')).toBe('tok-2');
  expect(server.forms().map((f) => f.scope)).toEqual(['partner', 'partner.read']);
});

test('by default every provider in the process shares one cache', async () => {
  const server = await tokenServer();
  const options = { cache: undefined, clientId: `client-${Date.now()}-shared` };
  expect(await provider(server, options).getToken('partner')).toBe('tok-1');
  expect(await provider(server, options).getToken('partner')).toBe('tok-1');
  expect(server.requests).toHaveLength(1);
});

test('50 concurrent callers without a token make one token request', async () => {
  const server = await tokenServer();
  const shared = provider(server);
  const tokens = await Promise.all(Array.from({ length: 50 }, () => shared.getToken('partner')));
  expect(new Set(tokens)).toEqual(new Set(['tok-1']));
  expect(server.requests).toHaveLength(1);
});

test('a token is renewed a margin before it expires (expires_in as number or string)', async () => {
  for (const expiresIn of [600, '600']) {
    const server = await tokenServer({ expiresIn });
    let now = 1_800_000_000_000;
    const renewing = provider(server, { now: () => now });
    expect(await renewing.getToken('partner')).toBe('tok-1');
    // 600 s lifetime: renewed when less than min(300 s, 10 %) = 60 s remain.
    now += 539_000;
    expect(await renewing.getToken('partner')).toBe('tok-1');
    now += 2_000;
    expect(await renewing.getToken('partner')).toBe('tok-2');
    expect(server.requests).toHaveLength(2);
  }
});

test('invalidate drops only the refused token, not a newer one', async () => {
  const server = await tokenServer();
  const tokens = provider(server);
  const current = await tokens.getToken('partner');
  tokens.invalidate('partner', 'some-older-token');
  expect(await tokens.getToken('partner')).toBe(current);
  tokens.invalidate('partner', current);
  expect(await tokens.getToken('partner')).toBe('tok-2');
  expect(server.requests).toHaveLength(2);
});

test('a caller that aborts stops waiting; the shared request still serves the others', async () => {
  const server = await tokenServer();
  const tokens = provider(server);
  const controller = new AbortController();
  const reason = new Error('caller went away');
  const aborted = tokens.getToken('partner', controller.signal);
  const other = tokens.getToken('partner');
  controller.abort(reason);
  await expect(aborted).rejects.toBe(reason);
  expect(await other).toBe('tok-1');
  expect(server.requests).toHaveLength(1);
});

describe('with the API client', () => {
  let api: LoopbackServer;
  const seen: string[] = [];
  let answer: (n: number) => { status: number; body?: unknown } = () => ({ status: 200, body: {} });

  beforeEach(async () => {
    seen.length = 0;
    api = await startLoopbackServer((request) => {
      seen.push(String(request.headers.authorization));
      return answer(seen.length);
    });
    servers.push(api);
  });

  function client(tokens: ServiceAccountTokenProvider): PartnerApiClient {
    return new PartnerApiClient({ baseUrl: `${api.url}/v1.0`, tokens, timeoutMs: 5_000, rateLimits: new OperationRateLimits() });
  }

  test('reads ask for partner.read and writes for partner', async () => {
    const server = await tokenServer();
    const c = client(provider(server));
    await c.getCustomer(1);
    await c.activateCustomer(1);
    expect(server.forms().map((f) => f.scope)).toEqual(['partner.read', 'partner']);
  });

  test('scopes are configurable', async () => {
    const server = await tokenServer();
    const c = new PartnerApiClient({
      baseUrl: `${api.url}/v1.0`,
      tokens: provider(server),
      scopes: { read: 'partner', write: 'partner' },
      rateLimits: false,
    });
    await c.getCustomer(1);
    await c.activateCustomer(1);
    expect(server.forms().map((f) => f.scope)).toEqual(['partner']);
  });

  test('401 renews the token once, then gives up', async () => {
    answer = () => ({ status: 401, body: { code: 'UNAUTHORIZED', description: 'expired' } });
    const server = await tokenServer();
    const error = await client(provider(server)).getCustomer(1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartnerAuthError);
    expect(error).toMatchObject({ code: 'ERR_PARTNER_AUTH', retryable: false, status: 401, apiCode: 'UNAUTHORIZED', operation: 'getCustomer' });
    expect(seen).toEqual(['Bearer tok-1', 'Bearer tok-2']);
    expect(server.requests).toHaveLength(2);
  });

  test('403 UNAUTHORIZED renews the token and the retry succeeds', async () => {
    answer = (n) => (n === 1 ? { status: 403, body: { code: 'UNAUTHORIZED', description: 'token expired' } } : { status: 200, body: { domainId: 1 } });
    const server = await tokenServer();
    expect(await client(provider(server)).getCustomer(1)).toEqual({ domainId: 1 });
    expect(seen).toEqual(['Bearer tok-1', 'Bearer tok-2']);
  });

  test('403 with another code is a permission problem: no renewal, not retryable', async () => {
    answer = () => ({ status: 403, body: { code: 'FORBIDDEN', description: 'missing scope' } });
    const server = await tokenServer();
    const error = await client(provider(server)).getCustomer(1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartnerForbiddenError);
    expect(error).toMatchObject({ code: 'ERR_PARTNER_FORBIDDEN', retryable: false, status: 403, apiCode: 'FORBIDDEN' });
    expect(seen).toHaveLength(1);
    expect(server.requests).toHaveLength(1);
  });
});

describe('token endpoint failures', () => {
  test.each([
    [400, 'invalid_client', PartnerCredentialsError, false],
    [401, 'invalid_client', PartnerCredentialsError, false],
    [400, 'invalid_grant', PartnerCredentialsError, false],
    [400, 'invalid_scope', PartnerCredentialsError, false],
    [429, 'too_many_requests', PartnerTokenUnavailableError, true],
    [500, 'server_error', PartnerTokenUnavailableError, true],
    [503, 'temporarily_unavailable', PartnerTokenUnavailableError, true],
  ])('HTTP %i %s → %p (retryable %p)', async (status, code, type, retryable) => {
    const server = await tokenServer({
      // The server echoes the secret back: it must still not reach the error.
      reply: () => ({ status, body: { error: code, error_description: `bad credentials for secret ${CLIENT_SECRET}` } }),
    });
    const error = (await provider(server).getToken('partner').catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ retryable, status, apiCode: code, operation: 'token' });
    const everything = `${error.message} ${JSON.stringify(error)} ${inspect(error)}`;
    expect(everything).not.toContain(CLIENT_SECRET);
    expect(everything).not.toContain(server.forms()[0]!.assertion);
  });

  test('signature errors (400 invalid_grant) are configuration errors', async () => {
    const server = await tokenServer({ reply: () => ({ status: 400, body: { error: 'invalid_grant', error_description: 'JWT signature invalid' } }) });
    await expect(provider(server).getToken('partner')).rejects.toMatchObject({ code: 'ERR_PARTNER_CREDENTIALS', retryable: false });
  });

  test('an answer without access_token is a configuration error', async () => {
    const server = await tokenServer({ reply: () => ({ status: 200, body: '<html>login</html>' }) });
    await expect(provider(server).getToken('partner')).rejects.toMatchObject({ code: 'ERR_PARTNER_CREDENTIALS', retryable: false });
  });

  test('an unreachable token endpoint is retryable', async () => {
    const port = await closedPort();
    const tokens = new ServiceAccountTokenProvider({
      clientId: 'c',
      clientSecret: CLIENT_SECRET,
      serviceAccountId: 's',
      privateKey: keys.privateKeyPem,
      tokenUrl: `http://127.0.0.1:${port}/token`,
      cache: new TokenCache(),
    });
    const error = (await tokens.getToken('partner').catch((e: unknown) => e)) as PartnerTokenUnavailableError;
    expect(error).toBeInstanceOf(PartnerTokenUnavailableError);
    expect(error).toMatchObject({ retryable: true, networkCode: 'ECONNREFUSED' });
    expect(error.message).not.toContain(CLIENT_SECRET);
  });

  test('a token endpoint that does not answer times out, retryable', async () => {
    const hanging = await startLoopbackServer(() => 'hang');
    servers.push(hanging);
    const tokens = new ServiceAccountTokenProvider({
      clientId: 'c',
      clientSecret: CLIENT_SECRET,
      serviceAccountId: 's',
      privateKey: keys.privateKeyPem,
      tokenUrl: `${hanging.url}/token`,
      timeoutMs: 200,
      cache: new TokenCache(),
    });
    await expect(tokens.getToken('partner')).rejects.toMatchObject({ code: 'ERR_PARTNER_TOKEN_UNAVAILABLE', retryable: true, networkCode: 'ETIMEDOUT' });
  });

  test('a failed request is not cached: the next caller tries again', async () => {
    const server = await tokenServer({ reply: (_form, n) => (n === 1 ? { status: 500, body: { error: 'server_error' } } : undefined) });
    const tokens = provider(server);
    await expect(tokens.getToken('partner')).rejects.toBeInstanceOf(PartnerTokenUnavailableError);
    expect(await tokens.getToken('partner')).toBe('tok-2');
  });
});

test('the provider never shows its secret or key in JSON or inspect output', async () => {
  const server = await tokenServer();
  const tokens = provider(server);
  const shown = `${JSON.stringify(tokens)} ${inspect(tokens, { depth: 10, showHidden: true })} ${String(tokens)}`;
  expect(shown).not.toContain(CLIENT_SECRET);
  expect(shown).not.toContain('PRIVATE KEY');
  expect(shown).toContain('client-abc');
});

test('a key that is not an RSA PEM private key is refused up front, without echoing it', () => {
  const notAKey = 'not-a-key-but-secret-material';
  expect(() => new ServiceAccountTokenProvider({ clientId: 'c', clientSecret: 's', serviceAccountId: 'a', privateKey: notAKey })).toThrow(
    /privateKey does not hold a PEM private key/,
  );
  try {
    new ServiceAccountTokenProvider({ clientId: 'c', clientSecret: 's', serviceAccountId: 'a', privateKey: notAKey });
  } catch (err) {
    expect((err as Error).message).not.toContain(notAKey);
  }
});
