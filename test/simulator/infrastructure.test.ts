// Clock, rate limits, fault injection, journal, errors and the control API, over real HTTP.
import { call, control, CUSTOMER, expectStatus, startTestSim, type RunningSim } from './support/api.js';

let sim: RunningSim;

beforeAll(async () => {
  sim = await startTestSim({ rateLimitPerMinute: 5, faultSeed: 42 });
});
afterAll(async () => sim?.app.close());
beforeEach(async () => {
  await control(sim, 'POST', '/reset');
});

test('the clock starts where configured, decides "today" in Asia/Tokyo and moves only forward', async () => {
  // 2026-03-10T01:00Z is 10:00 in Tokyo; 20:00Z the same day is already the 11th there.
  expect((await control(sim, 'GET', '/clock')).body).toMatchObject({ today: '2026-03-10', timeZone: 'Asia/Tokyo', frozen: true });
  const advanced = await control(sim, 'POST', '/clock/advance', { hours: 14 });
  expect(advanced.body).toMatchObject({ now: '2026-03-10T15:00:00.000Z', today: '2026-03-11' });
  expect((await control(sim, 'PUT', '/clock', { now: '2026-03-01T00:00:00Z' })).status).toBe(400);
  expect((await control(sim, 'POST', '/clock/advance', { weeks: 1 })).body.description).toContain('weeks');
  const utc = await startTestSim({ timeZone: 'UTC' });
  try {
    await control(utc, 'PUT', '/clock', { now: '2026-03-10T20:00:00Z', frozen: true });
    expect((await control(utc, 'GET', '/clock')).body.today).toBe('2026-03-10');
  } finally {
    await utc.app.close();
  }
});

test('a scheduled change applies when its date passes on the simulated clock', async () => {
  const [domainId] = (await control(sim, 'POST', '/seed', { customers: [{ domain: 'clock.by-works.com', companyName: 'Clock' }] })).body.domainIds;
  await expectStatus(sim, 201, 'addUsageStatusRenewal', { path: { domainId }, body: { applyDate: '2026-03-12', maxMemberCount: 50 } });
  await control(sim, 'POST', '/clock/advance', { days: 1 });
  expect((await expectStatus(sim, 200, 'getUsageStatus', { path: { domainId } })).maxMemberCount).toBeNull();
  await control(sim, 'POST', '/clock/advance', { days: 1 });
  const status = await expectStatus(sim, 200, 'getUsageStatus', { path: { domainId } });
  expect(status.maxMemberCount).toBe(50);
  expect(status.renewal).toBeUndefined();
});

test('each operation has its own per-minute limit; the 429 carries the documented body and headers', async () => {
  for (let i = 0; i < 5; i++) {
    const answer = await call(sim, 'listCustomers');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('ratelimit-limit')).toBe('5');
    expect(answer.headers.get('ratelimit-remaining')).toBe(String(4 - i));
  }
  const limited = await call(sim, 'listCustomers');
  expect(limited.status).toBe(429);
  expect(limited.body).toEqual({ code: 'TOO_MANY_REQUESTS', description: 'API rate limit exceeded' });
  expect(limited.headers.get('ratelimit-remaining')).toBe('0');
  expect(Number(limited.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
  // Another operation has its own window; a new minute opens a new one.
  expect((await call(sim, 'verifyDomain', { body: { domain: 'free.by-works.com' } })).status).toBe(200);
  await control(sim, 'POST', '/clock/advance', { seconds: 60 });
  expect((await call(sim, 'listCustomers')).status).toBe(200);
  // The limit can be changed per operation through the control API.
  expect((await control(sim, 'PUT', '/rate-limits', { operation: 'getCustomer', perMinute: 1 })).body.operations).toEqual({ getCustomer: 1 });
  expect((await call(sim, 'getCustomer', { path: { domainId: 1 } })).status).toBe(404);
  expect((await call(sim, 'getCustomer', { path: { domainId: 1 } })).status).toBe(429);
});

test('queued faults answer 5xx and 429 without touching state, then calls succeed again', async () => {
  expect((await control(sim, 'POST', '/faults/createCustomer/next', { kind: 'error', status: 503, count: 1 })).status).toBe(201);
  await control(sim, 'POST', '/faults/createCustomer/next', { kind: 'tooManyRequests' });
  const body = { ...CUSTOMER, domain: 'faulty.by-works.com' };
  const unavailable = await call(sim, 'createCustomer', { body });
  expect(unavailable).toMatchObject({ status: 503, body: { code: 'SERVICE_UNAVAILABLE' } });
  const limited = await call(sim, 'createCustomer', { body });
  expect(limited).toMatchObject({ status: 429, body: { code: 'TOO_MANY_REQUESTS', description: 'API rate limit exceeded' } });
  expect(sim.state.customers.size).toBe(0);
  expect((await call(sim, 'createCustomer', { body })).status).toBe(201);
  expect((await control(sim, 'POST', '/faults/nope/next', { kind: 'error' })).status).toBe(400);
  expect((await control(sim, 'POST', '/faults/getCustomer/next', { kind: 'explode' })).status).toBe(400);
});

test('commit-then-fail applies the change exactly once while the client sees a 500 or a dropped connection', async () => {
  const [domainId] = (await control(sim, 'POST', '/seed', {
    customers: [{ domain: 'licenses.by-works.com', companyName: 'Lic', subscriptions: [{ productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 10 }] }],
  })).body.domainIds;
  const path = { domainId, subscriptionId: 1001 };
  await control(sim, 'POST', '/faults/addLicenseCount/next', { kind: 'commitThenFail' });
  const failed = await call(sim, 'addLicenseCount', { path, body: { addLicenseCount: 5 } });
  expect(failed).toMatchObject({ status: 500, body: { code: 'INTERNAL_SERVER_ERROR' } });
  expect((await expectStatus(sim, 200, 'getSubscription', { path })).licenseCount).toBe(15);

  await control(sim, 'POST', '/faults/addLicenseCount/next', { kind: 'commitThenFail', mode: 'drop' });
  await expect(call(sim, 'addLicenseCount', { path, body: { addLicenseCount: 5 } })).rejects.toThrow(/fetch failed/);
  expect((await expectStatus(sim, 200, 'getSubscription', { path })).licenseCount).toBe(20);

  const entries = (await control(sim, 'GET', '/journal')).body.entries.filter((e: { operation: string }) => e.operation === 'addLicenseCount');
  expect(entries).toEqual([
    expect.objectContaining({ status: 500, fault: expect.stringContaining('commitThenFail'), body: { addLicenseCount: 5 } }),
    expect.objectContaining({ status: 0, fault: expect.stringContaining('connection dropped') }),
  ]);
});

test('a hung call never answers until the client gives up; a slow call answers late', async () => {
  await control(sim, 'POST', '/faults/listCustomers/next', { kind: 'hang' });
  await expect(
    fetch(`${sim.baseUrl}/partners/customers`, { headers: { authorization: 'Bearer simulator-token' }, signal: AbortSignal.timeout(300) }),
  ).rejects.toThrow(/abort|timeout/i);
  await control(sim, 'POST', '/faults/listCustomers/next', { kind: 'slow', delayMs: 200 });
  expect((await call(sim, 'listCustomers')).status).toBe(200);
  const journal = (await control(sim, 'GET', '/journal')).body.entries;
  expect(journal.map((e: { status: number; faultKind?: string }) => [e.status, e.faultKind])).toEqual([[0, 'hang'], [200, 'slow']]);
});

test('every injected fault is labelled in the journal; a slow write applied after the client gave up is a late commit', async () => {
  const [domainId] = (await control(sim, 'POST', '/seed', {
    customers: [{ domain: 'labels.by-works.com', companyName: 'Lab', subscriptions: [{ productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 10 }] }],
  })).body.domainIds;
  const path = { domainId, subscriptionId: 1001 };
  for (const fault of [{ kind: 'error', status: 503 }, { kind: 'tooManyRequests' }, { kind: 'commitThenFail' }]) {
    await control(sim, 'POST', '/faults/addLicenseCount/next', fault);
    await call(sim, 'addLicenseCount', { path, body: { addLicenseCount: 1 } });
  }
  await control(sim, 'POST', '/faults/addLicenseCount/next', { kind: 'commitThenFail', mode: 'drop' });
  await expect(call(sim, 'addLicenseCount', { path, body: { addLicenseCount: 1 } })).rejects.toThrow(/fetch failed/);
  // The client gives up after 100 ms; the simulator applies the add at 400 ms.
  await control(sim, 'POST', '/faults/addLicenseCount/next', { kind: 'slow', delayMs: 400 });
  await expect(
    fetch(`${sim.baseUrl}/partners/customers/${domainId}/subscriptions/1001/add-license-count`, {
      method: 'POST',
      headers: { authorization: 'Bearer simulator-token', 'content-type': 'application/json' },
      body: JSON.stringify({ addLicenseCount: 1 }),
      signal: AbortSignal.timeout(100),
    }),
  ).rejects.toThrow(/abort|timeout/i);
  // Wait for the late answer to be journaled (bounded: 60 s; a fixed sleep can be outrun by a loaded machine).
  const addEntries = async () => (await control(sim, 'GET', '/journal')).body.entries.filter((e: { operation: string }) => e.operation === 'addLicenseCount');
  for (let i = 0; i < 600 && (await addEntries()).length < 5; i++) await new Promise((resolve) => setTimeout(resolve, 100));
  expect((await expectStatus(sim, 200, 'getSubscription', { path })).licenseCount).toBe(13);
  const entries = await addEntries();
  expect(entries.map((e: { status: number; faultKind?: string }) => [e.status, e.faultKind])).toEqual([
    [503, 'error'],
    [429, 'tooManyRequests'],
    [500, 'commitThenFail/error'],
    [0, 'commitThenFail/drop'],
    [200, 'lateCommit'],
  ]);
  expect(entries.every((e: { fault?: string }) => typeof e.fault === 'string' && e.fault.length > 0)).toBe(true);
});

test('fault rates fire at the configured probability (seeded) and are cleared by DELETE', async () => {
  const profile = await control(sim, 'PUT', '/faults/*', { rates: { error: 1 } });
  expect(profile.status).toBe(200);
  expect((await call(sim, 'getUsageStatus', { path: { domainId: 1 } })).status).toBe(500);
  await control(sim, 'PUT', '/faults/listInvoices', { rates: { error: 0.5 } });
  await control(sim, 'PUT', '/rate-limits', { perMinute: 1000 });
  const statuses = [];
  for (let i = 0; i < 40; i++) statuses.push((await call(sim, 'listInvoices', { query: { year: 2026 } })).status);
  const errors = statuses.filter((s) => s === 500).length;
  expect(errors).toBeGreaterThan(5);
  expect(errors).toBeLessThan(35);
  expect((await control(sim, 'GET', '/faults')).body.profiles).toHaveProperty('listInvoices');
  expect((await control(sim, 'DELETE', '/faults')).status).toBe(204);
  expect((await call(sim, 'listInvoices', { query: { year: 2026 } })).status).toBe(200);
  expect((await control(sim, 'PUT', '/faults/listInvoices', { rates: { error: 2 } })).status).toBe(400);
});

test('the journal records operation, method, path, body and status; errors are always {code, description}', async () => {
  await call(sim, 'verifyDomain', { body: { domain: 'Bad_Name' } });
  await call(sim, 'getCustomer', { path: { domainId: 'abc' } });
  const raw = await fetch(`${sim.baseUrl}/partners/customers`, { method: 'POST', headers: { authorization: 'Bearer simulator-token', 'content-type': 'application/json' }, body: '{not json' });
  expect(raw.status).toBe(400);
  expect(await raw.json()).toEqual({ code: 'BAD_REQUEST', description: expect.any(String) });
  const unknown = await fetch(`${sim.baseUrl}/partners/nothing`, { headers: { authorization: 'Bearer simulator-token' } });
  expect(await unknown.json()).toEqual({ code: 'NOT_FOUND', description: expect.stringContaining('/partners/nothing') });
  const entries = (await control(sim, 'GET', '/journal')).body.entries;
  expect(entries.slice(0, 2)).toEqual([
    expect.objectContaining({ operation: 'verifyDomain', method: 'POST', path: '/v1.0/partners/customers/verify-domain', body: { domain: 'Bad_Name' }, status: 400 }),
    expect.objectContaining({ operation: 'getCustomer', method: 'GET', path: '/v1.0/partners/customers/abc', status: 404 }),
  ]);
  expect((await control(sim, 'DELETE', '/journal')).status).toBe(204);
  expect((await control(sim, 'GET', '/journal')).body.entries).toEqual([]);
});

test('seed data builds a world and names the entry at fault; reset empties it', async () => {
  const bad = await control(sim, 'POST', '/seed', { customers: [{ domain: 'x.by-works.com', companyName: 'X', subscriptions: [{ productId: 'NOPE', plan: 'FREE' }] }] });
  expect(bad).toMatchObject({ status: 400, body: { description: expect.stringContaining('customers[0].subscriptions[0].productId') } });
  const seeded = await control(sim, 'POST', '/seed', {
    customers: [{ domain: 'seeded.example', companyName: 'Seeded', activated: true, memberCount: 7, subscriptions: [{ productId: 'ADV', plan: 'MONTHLY' }], options: [{ optionProductId: 'ACV2', subOptionId: 'ACV201' }] }],
    potentialCustomers: [{ domain: 'direct.example', partnerCode: 'CODE1' }],
  });
  expect(seeded.status).toBe(201);
  const [domainId] = seeded.body.domainIds;
  expect(await expectStatus(sim, 200, 'getCustomer', { path: { domainId } })).toMatchObject({ domainType: 'DOMAIN', enableActiveDomain: true });
  expect((await expectStatus(sim, 200, 'getUsageStatus', { path: { domainId } })).memberCount).toBe(7);
  expect((await expectStatus(sim, 200, 'listOptionProducts', { path: { domainId } })).optionProducts).toHaveLength(1);
  expect((await control(sim, 'GET', '/dns')).body).toEqual({ resolver: false, verified: ['seeded.example'] });
  await control(sim, 'POST', '/reset');
  expect((await expectStatus(sim, 200, 'listCustomers')).customers).toEqual([]);
});
