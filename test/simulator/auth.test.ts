// Token endpoint and bearer checks over real HTTP: the JWT bearer grant with a real RSA key, refresh tokens,
// expiry on the simulated clock, scope enforcement and 401s.
import { exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { call, control, startTestSim, type RunningSim } from './support/api.js';

const CLIENT_ID = 'client-1';
const SECRET = 'client-secret';
const SERVICE_ACCOUNT = 'abc.serviceaccount@partner.example';
let sim: RunningSim;
let privateKey: CryptoKey;
let otherKey: CryptoKey;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  privateKey = pair.privateKey;
  otherKey = (await generateKeyPair('RS256')).privateKey;
  sim = await startTestSim({
    jwt: { publicKey: await exportSPKI(pair.publicKey), clientId: CLIENT_ID, clientSecret: SECRET, serviceAccountId: SERVICE_ACCOUNT },
    staticTokens: { 'read-only-token': ['partner.read'] },
    accessTokenTtlSeconds: 3600,
  });
});
afterAll(async () => sim?.app.close());

async function assertion(options: { key?: CryptoKey; iss?: string; sub?: string; lifetime?: number; iatOffset?: number } = {}) {
  const now = Math.floor(sim.clock.nowMs() / 1000) + (options.iatOffset ?? 0);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setIssuer(options.iss ?? CLIENT_ID)
    .setSubject(options.sub ?? SERVICE_ACCOUNT)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.lifetime ?? 3600))
    .sign(options.key ?? privateKey);
}

async function token(form: Record<string, string>) {
  const response = await fetch(sim.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

const jwtForm = async (extra: Record<string, string> = {}, claims: Parameters<typeof assertion>[0] = {}) => ({
  grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
  assertion: await assertion(claims),
  client_id: CLIENT_ID,
  client_secret: SECRET,
  scope: 'partner',
  ...extra,
});

test('the JWT bearer grant issues an expiring token that the API accepts', async () => {
  const { status, body } = await token(await jwtForm());
  expect(status).toBe(200);
  expect(body).toMatchObject({ token_type: 'Bearer', scope: 'partner', expires_in: '3600' });
  expect(body.refresh_token).toEqual(expect.any(String));
  expect((await call(sim, 'listCustomers', { token: body.access_token })).status).toBe(200);

  await control(sim, 'POST', '/clock/advance', { seconds: 3601 });
  const expired = await call(sim, 'listCustomers', { token: body.access_token });
  expect(expired.status).toBe(401);
  expect(expired.body).toEqual({ code: 'UNAUTHORIZED', description: expect.stringContaining('expired') });
  expect(expired.headers.get('www-authenticate')).toMatch(/^Bearer /);
});

test('assertions with a wrong signature, issuer, subject, expiry or lifetime are refused', async () => {
  const cases: Array<[Parameters<typeof assertion>[0], RegExp]> = [
    [{ key: otherKey }, /signature/],
    [{ iss: 'someone-else' }, /claim iss/],
    [{ sub: 'other@partner.example' }, /claim sub/],
    [{ iatOffset: -7200 }, /expired/],
    [{ lifetime: 7200 }, /3600/],
  ];
  for (const [claims, reason] of cases) {
    const { status, body } = await token(await jwtForm({}, claims));
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'invalid_grant', code: 'INVALID_GRANT' });
    expect(body.error_description).toMatch(reason);
  }
  expect((await token(await jwtForm({ client_secret: 'wrong' }))).body.error).toBe('invalid_client');
  expect((await token(await jwtForm({ scope: 'admin' }))).body.error).toBe('invalid_scope');
  expect((await token({ grant_type: 'password' })).body.error).toBe('unsupported_grant_type');
});

test('a refresh token gets a new access token with the same scope; an unknown one is refused', async () => {
  const first = await token(await jwtForm({ scope: 'partner.read' }));
  const refreshed = await token({ grant_type: 'refresh_token', refresh_token: first.body.refresh_token!, client_id: CLIENT_ID, client_secret: SECRET });
  expect(refreshed.status).toBe(200);
  expect(refreshed.body.access_token).not.toBe(first.body.access_token);
  expect(refreshed.body.scope).toBe('partner.read');
  // Rotation is off by default: no new refresh token, the old one keeps working.
  expect(refreshed.body.refresh_token).toBeUndefined();
  expect((await call(sim, 'listCustomers', { token: refreshed.body.access_token })).status).toBe(200);
  const bogus = await token({ grant_type: 'refresh_token', refresh_token: 'nope', client_id: CLIENT_ID });
  expect(bogus).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
});

test('a partner.read token can read but not write (403), and no token or a wrong one is 401', async () => {
  const issued = await token(await jwtForm({ scope: 'partner.read' }));
  for (const readToken of [issued.body.access_token!, 'read-only-token']) {
    expect((await call(sim, 'listCustomers', { token: readToken })).status).toBe(200);
    expect((await call(sim, 'listInvoices', { token: readToken, query: { year: 2026 } })).status).toBe(200);
    const write = await call(sim, 'verifyDomain', { token: readToken, body: { domain: 'acme.by-works.com' } });
    expect(write.status).toBe(403);
    expect(write.body.code).toBe('FORBIDDEN');
  }
  expect((await call(sim, 'listCustomers', { token: null })).body).toEqual({ code: 'UNAUTHORIZED', description: expect.any(String) });
  expect((await call(sim, 'listCustomers', { token: 'made-up' })).status).toBe(401);
  expect((await call(sim, 'verifyDomain', { body: { domain: 'acme.by-works.com' } })).status).toBe(200);
});

test('the static simulator-token can be turned off', async () => {
  const strict = await startTestSim({ acceptedTokens: [] });
  try {
    expect((await call(strict, 'listCustomers')).status).toBe(401);
  } finally {
    await strict.app.close();
  }
});

test('with Refresh Token Rotation on, each refresh returns a new refresh token and retires the old one', async () => {
  const pair = await generateKeyPair('RS256');
  const rotating = await startTestSim({
    jwt: { publicKey: await exportSPKI(pair.publicKey), clientId: CLIENT_ID, serviceAccountId: SERVICE_ACCOUNT },
    refreshTokenRotation: true,
  });
  try {
    const post = async (form: Record<string, string>) => {
      const response = await fetch(rotating.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
      return { status: response.status, body: (await response.json()) as Record<string, string> };
    };
    const now = Math.floor(rotating.clock.nowMs() / 1000);
    const jwt = await new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).setIssuer(CLIENT_ID).setSubject(SERVICE_ACCOUNT).setIssuedAt(now).setExpirationTime(now + 600).sign(pair.privateKey);
    const issued = await post({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: jwt, client_id: CLIENT_ID });
    expect(issued.status).toBe(200);
    const rotated = await post({ grant_type: 'refresh_token', refresh_token: issued.body.refresh_token!, client_id: CLIENT_ID });
    expect(rotated.body.refresh_token).toEqual(expect.any(String));
    expect(rotated.body.refresh_token).not.toBe(issued.body.refresh_token);
    expect((await post({ grant_type: 'refresh_token', refresh_token: issued.body.refresh_token!, client_id: CLIENT_ID })).body.error).toBe('invalid_grant');
    expect((await post({ grant_type: 'refresh_token', refresh_token: rotated.body.refresh_token!, client_id: 'other' })).body.error).toBe('invalid_client');
  } finally {
    await rotating.app.close();
  }
});
