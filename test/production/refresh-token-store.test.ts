// Rotated refresh tokens are persisted where every worker finds the newest: the file store in DATA_DIR (0600), read
// before each refresh and written after each rotation, never logged. The token endpoint here rotates like LINE WORKS
// with "Refresh Token Rotation" on: only the newest refresh token works, and each use replaces it.
import { writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { RefreshTokenProvider } from '../../partner-api/auth/refresh-token.js';
import { FileRefreshTokenStore, REFRESH_TOKEN_FILE } from '../../partner-api/auth/refresh-token-store.js';
import { TokenCache } from '../../partner-api/auth/token-cache.js';
import { startTokenServer, type TokenServer } from '../partner-api/support/token-server.js';

let dataDir: string;
let tokenServer: TokenServer;
/** The one refresh token the endpoint accepts now. */
let current = 'refresh-1';
let logs = '';
/** Runs when the endpoint is about to refuse a refresh token (a test plays another worker there). */
let beforeRefusing: (() => void) | undefined;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'refresh-store-'));
  current = 'refresh-1';
  logs = '';
  beforeRefusing = undefined;
  tokenServer = await startTokenServer({
    reply: (form) => {
      if (form.refresh_token === current) return undefined;
      beforeRefusing?.();
      return { status: 400, body: { error: 'invalid_grant', error_description: 'refresh token is not valid' } };
    },
    extra: (n) => {
      current = `refresh-${n + 1}`;
      return { refresh_token: current };
    },
  });
});

afterEach(async () => {
  await tokenServer.close();
  await rm(dataDir, { recursive: true, force: true });
});

const storeFile = () => path.join(dataDir, REFRESH_TOKEN_FILE);

/** A worker's provider: its own token cache (another process), the shared store, a logger we read. */
function worker(clientId = 'client-abc') {
  const logger = pino({ level: 'trace' }, new Writable({ write: (chunk, _enc, done) => ((logs += String(chunk)), done()) }));
  return new RefreshTokenProvider({
    clientId,
    clientSecret: 'the-secret',
    refreshToken: 'refresh-1',
    tokenUrl: tokenServer.tokenUrl,
    cache: new TokenCache(),
    store: new FileRefreshTokenStore(storeFile()),
    logger,
  });
}

test('a rotated token is saved 0600 in DATA_DIR and is what the next refresh uses, never logged', async () => {
  const tokens = worker('client-save');
  expect(await tokens.getToken('partner')).toBe('tok-1');
  const saved = JSON.parse(await readFile(storeFile(), 'utf8')) as Record<string, { refreshToken: string }>;
  expect(Object.values(saved).map((entry) => entry.refreshToken)).toEqual(['refresh-2']);
  expect((await stat(storeFile())).mode & 0o777).toBe(0o600);

  tokens.invalidate('partner', 'tok-1');
  expect(await tokens.getToken('partner')).toBe('tok-2');
  expect(tokenServer.forms().map((f) => f.refresh_token)).toEqual(['refresh-1', 'refresh-2']);
  expect(logs).toContain('token request');
  expect(logs).not.toMatch(/refresh-\d/);
});

test('a worker uses the token another worker rotated and saved, not the dead one it knew', async () => {
  const a = worker('client-two');
  expect(await a.getToken('partner')).toBe('tok-1'); // refresh-1 → refresh-2, saved
  // Another worker (another host, same DATA_DIR volume) refreshes with refresh-2 and saves refresh-3.
  const other = worker('client-two');
  expect(await other.getToken('partner')).toBe('tok-2');
  expect(current).toBe('refresh-3');
  // A restarted worker starts from the configured refresh-1 (long dead) but reads the store first.
  const restarted = worker('client-two');
  expect(await restarted.getToken('partner')).toBe('tok-3');
  expect(tokenServer.forms().map((f) => f.refresh_token)).toEqual(['refresh-1', 'refresh-2', 'refresh-3']);
});

test('when another worker rotated between our read and our request, the refused refresh re-reads the store once', async () => {
  const key = `refresh ${tokenServer.tokenUrl} client-race`;
  await new FileRefreshTokenStore(storeFile()).save(key, 'refresh-1');
  // The other worker used refresh-1 just before us: refresh-7 is current, and it is in the store by the time we are refused.
  current = 'refresh-7';
  beforeRefusing = () => writeFileSync(storeFile(), JSON.stringify({ [key]: { refreshToken: 'refresh-7', savedAt: new Date().toISOString() } }));
  expect(await worker('client-race').getToken('partner')).toMatch(/^tok-/);
  expect(tokenServer.forms().map((f) => f.refresh_token)).toEqual(['refresh-1', 'refresh-7']);
});
