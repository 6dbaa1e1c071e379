// The per-operation limiter keeps bursts under the limit by making extra callers wait. Counts, not timings: a fake
// clock decides when time passes, and sleeping callers stay pending until the test moves it.
import { StaticTokenProvider } from '../../partner-api/auth.js';
import { PartnerApiClient } from '../../partner-api/client.js';
import { OperationRateLimits, SlidingWindowLimiter } from '../../partner-api/rate-limit.js';
import { FakeClock, settle } from './support/fake-clock.js';
import { startLoopbackServer } from './support/loopback-server.js';

test('with 5 per window, the 6th call waits until the window moves on', async () => {
  const clock = new FakeClock();
  const limiter = new SlidingWindowLimiter({ limit: 5, windowMs: 60_000 }, clock);
  const done: number[] = [];
  const calls = Array.from({ length: 7 }, (_, i) => limiter.acquire().then(() => done.push(i)));
  await settle();
  expect(done).toEqual([0, 1, 2, 3, 4]);
  expect(clock.sleepers.map((s) => s.until - clock.time)).toEqual([60_000, 60_000]);

  clock.advance(59_999);
  await settle();
  expect(done).toHaveLength(5);

  clock.advance(1);
  await Promise.all(calls);
  expect(done).toEqual([0, 1, 2, 3, 4, 5, 6]);
});

test('a sliding window: slots free up one by one as the earliest calls leave the window', async () => {
  const clock = new FakeClock();
  const limiter = new SlidingWindowLimiter({ limit: 2, windowMs: 1_000 }, clock);
  await limiter.acquire();
  clock.advance(600);
  await limiter.acquire();
  const third = limiter.acquire();
  await settle();
  expect(clock.sleepers.map((s) => s.until - clock.time)).toEqual([400]);
  clock.advance(400);
  await expect(third).resolves.toBe(400);
});

test('an aborted waiter rejects with the abort reason and gives its slot back', async () => {
  const clock = new FakeClock();
  const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: 1_000 }, clock);
  await limiter.acquire();
  const controller = new AbortController();
  const waiting = limiter.acquire(controller.signal);
  const reason = new Error('cancelled');
  controller.abort(reason);
  await expect(waiting).rejects.toBe(reason);
  clock.advance(1_000);
  await expect(limiter.acquire()).resolves.toBe(0);
});

test('limits are per operation, with per-operation overrides', async () => {
  const clock = new FakeClock();
  // The sliding-window layer alone (nobody reports answers here; partner-wide-pacing.test.ts covers the gate).
  const limits = new OperationRateLimits({ perMinute: 2, perOperation: { listCustomers: 3 }, clock, partnerWide: false });
  for (let i = 0; i < 2; i++) await limits.acquire('getCustomer');
  for (let i = 0; i < 3; i++) await limits.acquire('listCustomers');
  expect(clock.sleepers).toHaveLength(0);
  void limits.acquire('getCustomer');
  void limits.acquire('listCustomers');
  await settle();
  expect(clock.sleepers).toHaveLength(2);
  clock.advance(60_000);
});

test('the client sends at most the limit to the server and holds the rest', async () => {
  const api = await startLoopbackServer(() => ({ status: 200, body: { domainId: 1 } }));
  try {
    const clock = new FakeClock();
    const client = new PartnerApiClient({
      baseUrl: `${api.url}/v1.0`,
      tokens: new StaticTokenProvider('t'),
      rateLimits: new OperationRateLimits({ perMinute: 5, clock }),
      timeoutMs: 5_000,
    });
    const calls = Array.from({ length: 6 }, () => client.getCustomer(1));
    // Wait (bounded) until the first five have reached the server.
    for (let i = 0; i < 12_000 && api.requests.length < 5; i++) await new Promise((r) => setTimeout(r, 5));
    expect(api.requests).toHaveLength(5);
    expect(clock.sleepers).toHaveLength(1);

    // Another operation has its own budget.
    await client.getUsageStatus(1);
    expect(api.requests).toHaveLength(6);

    clock.advance(60_000);
    await Promise.all(calls);
    expect(api.requests.filter((r) => r.url === '/v1.0/partners/customers/1')).toHaveLength(6);
  } finally {
    await api.close();
  }
});

test('a caller\'s beforeSend runs once the limiter lets its request go, right before it is sent (a writer records "sent" there)', async () => {
  const api = await startLoopbackServer(() => ({ status: 200, body: { domainId: 1 } }));
  try {
    const clock = new FakeClock();
    const client = new PartnerApiClient({ baseUrl: `${api.url}/v1.0`, tokens: new StaticTokenProvider('t'), rateLimits: new OperationRateLimits({ perMinute: 1, clock }), timeoutMs: 5_000 });
    const seen: Array<{ at: number; requestsBefore: number }> = [];
    const beforeSend = () => void seen.push({ at: clock.now(), requestsBefore: api.requests.length });
    await client.getCustomer(1, { beforeSend });
    const held = client.getCustomer(1, { beforeSend });
    for (let i = 0; i < 12_000 && clock.sleepers.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(seen).toHaveLength(1); // the second is held by the limiter: not "sent" yet
    clock.advance(60_000);
    await held;
    expect(seen).toEqual([
      { at: seen[0]!.at, requestsBefore: 0 },
      { at: seen[0]!.at + 60_000, requestsBefore: 1 },
    ]);
    expect(api.requests).toHaveLength(2);
  } finally {
    await api.close();
  }
});
