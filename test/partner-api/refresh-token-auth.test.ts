// Refresh-token and static-token providers against loopback servers.
import { StaticTokenProvider } from '../../partner-api/auth.js';
import { RefreshTokenProvider } from '../../partner-api/auth/refresh-token.js';
import { TokenCache } from '../../partner-api/auth/token-cache.js';
import { PartnerApiClient } from '../../partner-api/client.js';
import { PartnerAuthError, PartnerCredentialsError } from '../../partner-api/errors.js';
import { startLoopbackServer, type LoopbackServer } from './support/loopback-server.js';
import { startTokenServer, type TokenServer } from './support/token-server.js';

let api: LoopbackServer;
let tokenServer: TokenServer | undefined;
const seen: string[] = [];
/** Tokens the API accepts; anything else gets 401. */
let accepted = new Set<string>();

beforeEach(async () => {
  seen.length = 0;
  accepted = new Set();
  api = await startLoopbackServer((request) => {
    const token = String(request.headers.authorization).replace(/^Bearer /, '');
    seen.push(token);
    return accepted.has(token) ? { status: 200, body: { domainId: 1 } } : { status: 401, body: { code: 'UNAUTHORIZED', description: 'invalid token' } };
  });
});

afterEach(async () => {
  await api.close();
  await tokenServer?.close();
  tokenServer = undefined;
});

function client(tokens: StaticTokenProvider | RefreshTokenProvider): PartnerApiClient {
  return new PartnerApiClient({ baseUrl: `${api.url}/v1.0`, tokens, timeoutMs: 5_000, rateLimits: false });
}

test('the given access token is used until refused, then the refresh token gets a new one', async () => {
  tokenServer = await startTokenServer();
  accepted = new Set(['user-token', 'tok-1']);
  const tokens = new RefreshTokenProvider({
    clientId: 'client-abc',
    clientSecret: 'the-secret',
    refreshToken: 'refresh-1',
    accessToken: 'user-token',
    tokenUrl: tokenServer.tokenUrl,
    cache: new TokenCache(),
  });
  const c = client(tokens);
  await c.getCustomer(1);
  expect(tokenServer.requests).toHaveLength(0);

  accepted.delete('user-token');
  await c.getCustomer(1);
  expect(seen).toEqual(['user-token', 'user-token', 'tok-1']);
  expect(tokenServer.forms()).toEqual([{ grant_type: 'refresh_token', refresh_token: 'refresh-1', client_id: 'client-abc', client_secret: 'the-secret' }]);
});

test('one token serves reads and writes, and a rotated refresh token replaces the old one', async () => {
  tokenServer = await startTokenServer({ extra: (n) => ({ refresh_token: `refresh-${n + 1}` }) });
  const rotated: string[] = [];
  const tokens = new RefreshTokenProvider({
    clientId: 'client-abc',
    clientSecret: 'the-secret',
    refreshToken: 'refresh-1',
    tokenUrl: tokenServer.tokenUrl,
    cache: new TokenCache(),
    onRefreshToken: (token) => rotated.push(token),
  });
  expect(await tokens.getToken('partner.read')).toBe('tok-1');
  expect(await tokens.getToken('partner')).toBe('tok-1');
  tokens.invalidate('partner', 'tok-1');
  expect(await tokens.getToken('partner')).toBe('tok-2');
  expect(tokenServer.forms().map((f) => f.refresh_token)).toEqual(['refresh-1', 'refresh-2']);
  expect(rotated).toEqual(['refresh-2', 'refresh-3']);
});

test('an expired refresh token (invalid_grant) is a configuration error', async () => {
  tokenServer = await startTokenServer({ reply: () => ({ status: 400, body: { error: 'invalid_grant', error_description: 'refresh token expired' } }) });
  const tokens = new RefreshTokenProvider({
    clientId: 'client-abc',
    clientSecret: 'the-secret',
    refreshToken: 'refresh-secret-value',
    tokenUrl: tokenServer.tokenUrl,
    cache: new TokenCache(),
  });
  const error = (await tokens.getToken('partner').catch((e: unknown) => e)) as PartnerCredentialsError;
  expect(error).toBeInstanceOf(PartnerCredentialsError);
  expect(error.retryable).toBe(false);
  expect(error.message).not.toContain('refresh-secret-value');
});

test('a refused static token is reported without resending it (it cannot be renewed)', async () => {
  const error = await client(new StaticTokenProvider('fixed-token')).getCustomer(1).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PartnerAuthError);
  expect(seen).toEqual(['fixed-token']);
  expect(JSON.stringify(error)).not.toContain('fixed-token');
});
