// The client built from environment configuration authenticates the way the variables ask for.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../config/env.js';
import { StaticTokenProvider } from '../../partner-api/auth.js';
import { RefreshTokenProvider } from '../../partner-api/auth/refresh-token.js';
import { ServiceAccountTokenProvider } from '../../partner-api/auth/service-account.js';
import { partnerClientFromConfig, SIMULATOR_TOKEN, tokenProviderFromConfig } from '../../partner-api/from-config.js';
import { rsaKeyPair } from './support/keys.js';
import { startLoopbackServer, type LoopbackServer } from './support/loopback-server.js';
import { startTokenServer, type TokenServer } from './support/token-server.js';

const keys = rsaKeyPair();
let api: LoopbackServer;
let tokens: TokenServer;

beforeAll(async () => {
  api = await startLoopbackServer(() => ({ status: 200, body: { domainId: 1 } }));
  tokens = await startTokenServer();
});

afterAll(async () => {
  await api.close();
  await tokens.close();
});

function serviceAccountEnv(extra: Record<string, string>): Record<string, string> {
  return {
    LINEWORKS_CLIENT_ID: `client-${Math.random().toString(36).slice(2)}`,
    LINEWORKS_CLIENT_SECRET: 'secret-from-env',
    LINEWORKS_SERVICE_ACCOUNT_ID: 'sa@example.com',
    LINEWORKS_AUTH_URL: tokens.tokenUrl,
    ...extra,
  };
}

test('service-account variables with a key file build a JWT-authenticated client', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'partner-key-'));
  const keyPath = path.join(dir, 'private.key');
  writeFileSync(keyPath, keys.privateKeyPem);
  const config = loadConfig(serviceAccountEnv({ LINEWORKS_PRIVATE_KEY_PATH: keyPath, LINEWORKS_READ_SCOPE: 'partner' }));

  expect(tokenProviderFromConfig(config)).toBeInstanceOf(ServiceAccountTokenProvider);
  const before = { api: api.requests.length, tokens: tokens.requests.length };
  await partnerClientFromConfig(config, `${api.url}/v1.0`).getCustomer(1);
  const form = tokens.forms()[before.tokens]!;
  expect(form).toMatchObject({ client_id: config.partnerApi.credentials.clientId, client_secret: 'secret-from-env', scope: 'partner' });
  expect(api.requests[before.api]!.headers.authorization).toMatch(/^Bearer tok-\d+$/);
});

test('a key pasted into LINEWORKS_PRIVATE_KEY with literal \\n works too', async () => {
  const config = loadConfig(serviceAccountEnv({ LINEWORKS_PRIVATE_KEY: keys.privateKeyPem.replace(/\n/g, '\\n') }));
  const provider = tokenProviderFromConfig(config);
  expect(provider).toBeInstanceOf(ServiceAccountTokenProvider);
  await expect(provider.getToken('partner')).resolves.toMatch(/^tok-\d+$/);
});

test('an unreadable key file or a malformed key is named, and its content is not echoed', () => {
  const missing = loadConfig(serviceAccountEnv({ LINEWORKS_PRIVATE_KEY_PATH: '/nonexistent/key.pem' }));
  expect(() => tokenProviderFromConfig(missing)).toThrow(/LINEWORKS_PRIVATE_KEY_PATH=\/nonexistent\/key.pem cannot be read \(ENOENT\)/);

  const garbage = 'MIIEvQ-not-really-a-key-but-secret';
  const malformed = loadConfig(serviceAccountEnv({ LINEWORKS_PRIVATE_KEY: garbage }));
  let message = '';
  try {
    tokenProviderFromConfig(malformed);
  } catch (err) {
    message = (err as Error).message;
  }
  expect(message).toMatch(/LINEWORKS_PRIVATE_KEY does not hold a PEM private key/);
  expect(message).not.toContain(garbage);
});

test('a refresh token with client id and secret uses the refresh grant', () => {
  const config = loadConfig({
    LINEWORKS_REFRESH_TOKEN: 'r',
    LINEWORKS_CLIENT_ID: 'id',
    LINEWORKS_CLIENT_SECRET: 's',
    LINEWORKS_ACCESS_TOKEN: 'a',
  });
  expect(tokenProviderFromConfig(config)).toBeInstanceOf(RefreshTokenProvider);
});

test('a refresh token without client credentials is a configuration error naming them', () => {
  expect(() => loadConfig({ LINEWORKS_REFRESH_TOKEN: 'refresh-secret' })).toThrow(ConfigError);
  expect(() => loadConfig({ LINEWORKS_REFRESH_TOKEN: 'refresh-secret' })).toThrow(/LINEWORKS_CLIENT_ID and LINEWORKS_CLIENT_SECRET/);
});

test('a plain access token, or nothing (the simulator), gives a static token', async () => {
  const fixed = tokenProviderFromConfig(loadConfig({ LINEWORKS_ACCESS_TOKEN: 'user-token' }));
  expect(fixed).toBeInstanceOf(StaticTokenProvider);
  await expect(fixed.getToken('partner')).resolves.toBe('user-token');
  await expect(tokenProviderFromConfig(loadConfig({})).getToken('partner')).resolves.toBe(SIMULATOR_TOKEN);
});

test('scopes and the per-minute limit come from the environment', () => {
  const config = loadConfig({ LINEWORKS_READ_SCOPE: 'partner', LINEWORKS_WRITE_SCOPE: 'partner', LINEWORKS_RATE_LIMIT_PER_MINUTE: '60' });
  expect(config.partnerApi.scopes).toEqual({ read: 'partner', write: 'partner' });
  expect(config.partnerApi.rateLimitPerMinute).toBe(60);
  expect(loadConfig({}).partnerApi).toMatchObject({ scopes: { read: 'partner.read', write: 'partner' }, rateLimitPerMinute: 240 });
  expect(() => loadConfig({ LINEWORKS_RATE_LIMIT_PER_MINUTE: 'lots' })).toThrow(/LINEWORKS_RATE_LIMIT_PER_MINUTE/);
});
