// The partner-wide gate paces by the API's rate-limit headers: it learns the window from each answer, keeps the
// reserve unused, waits for the reset (plus jitter) when the window is spent or after a 429, and probes a new window
// with one call. Counts, not timings: a fake clock decides when time passes.
import { PartnerWideGate, rateWindowFrom } from '../../partner-api/partner-wide-pacing.js';
import { FakeClock, settle } from './support/fake-clock.js';

const headers = (remaining: number, reset: number, limit = 10) => ({ 'ratelimit-limit': String(limit), 'ratelimit-remaining': String(remaining), 'ratelimit-reset': String(reset) });

/** Starts `count` acquires and reports which have been let through so far. */
function acquireMany(gate: PartnerWideGate, count: number): { granted: number[]; all: Promise<unknown> } {
  const granted: number[] = [];
  const all = Promise.all(Array.from({ length: count }, (_, i) => gate.acquire().then(() => granted.push(i))));
  return { granted, all };
}

test('the headers are read in either case, and an answer without both remaining and reset says nothing', () => {
  expect(rateWindowFrom({ 'ratelimit-remaining': '7', 'ratelimit-reset': '42', 'ratelimit-limit': '240' })).toEqual({ remaining: 7, resetSeconds: 42, limit: 240 });
  expect(rateWindowFrom({ 'ratelimit-remaining': '7' })).toBeUndefined();
  expect(rateWindowFrom({ 'ratelimit-remaining': 'x', 'ratelimit-reset': '4' })).toBeUndefined();
});

test('against a server without rate-limit headers the gate stays open', async () => {
  const clock = new FakeClock();
  const gate = new PartnerWideGate(clock);
  for (let i = 0; i < 50; i++) {
    await gate.acquire();
    gate.observe(200, {});
  }
  expect(clock.sleepers).toHaveLength(0);
});

test('when the partner-wide count reaches the reserve, callers wait until the reset plus jitter, then one probe goes first', async () => {
  const clock = new FakeClock();
  const gate = new PartnerWideGate(clock, { reserve: 2, share: 1, jitterMs: 1_000, random: () => 0.5 });
  await gate.acquire();
  // Other processes already spent most of the window: 4 left, 30 s to the reset.
  gate.observe(200, headers(4, 30));
  const { granted, all } = acquireMany(gate, 5);
  await settle();
  // 4 left, reserve 2: two calls go; the others wait for the reset (30 s) plus this process's jitter (500 ms).
  expect(granted).toHaveLength(2);
  gate.observe(200, headers(3, 30));
  gate.observe(200, headers(2, 30));
  await settle();
  expect(granted).toHaveLength(2);
  expect(new Set(clock.sleepers.map((s) => s.until - clock.time))).toEqual(new Set([30_500]));

  clock.advance(30_499);
  await settle();
  expect(granted).toHaveLength(2);
  clock.advance(1);
  await settle();
  // A new window: one probe learns it, the rest wait for its answer.
  expect(granted).toHaveLength(3);
  expect(gate.inFlight).toBe(1);
  gate.observe(200, headers(9, 60));
  await all;
  expect(granted).toHaveLength(5);
});

test('a 429 holds every caller of the operation until the reset it names, plus jitter', async () => {
  const clock = new FakeClock();
  const gate = new PartnerWideGate(clock, { reserve: 0, jitterMs: 2_000, random: () => 0.25 });
  await gate.acquire();
  gate.observe(200, headers(100, 13, 240));
  await gate.acquire();
  gate.observe(429, headers(0, 12, 240));
  const { granted, all } = acquireMany(gate, 3);
  await settle();
  expect(granted).toHaveLength(0);
  clock.advance(12_499);
  await settle();
  expect(granted).toHaveLength(0);
  clock.advance(1);
  await settle();
  expect(granted).toHaveLength(1);
  gate.observe(200, headers(239, 60, 240));
  await all;
  expect(granted).toHaveLength(3);
});

test("this process's own calls in flight count as spent, and at most 1/share of what is left is in flight at once", async () => {
  const clock = new FakeClock();
  const gate = new PartnerWideGate(clock, { reserve: 2, share: 4 });
  await gate.acquire();
  gate.observe(200, headers(42, 60, 60));
  // 42 left, 2 kept: 40 / 4 = 10 may be in flight.
  const { granted } = acquireMany(gate, 12);
  await settle();
  expect(granted).toHaveLength(10);
  expect(gate.inFlight).toBe(10);
  // One answers with 6 left: the 9 still in flight may not be counted yet, so the estimate is 6 - 9 < reserve.
  gate.observe(200, headers(6, 59, 60));
  await settle();
  expect(granted).toHaveLength(10);
  expect(clock.sleepers.some((s) => s.until >= clock.time + 59_000)).toBe(true);
});

test('an aborted waiter rejects with its reason and is no longer counted', async () => {
  const clock = new FakeClock();
  const gate = new PartnerWideGate(clock, { reserve: 5 });
  await gate.acquire();
  gate.observe(200, headers(5, 30));
  const controller = new AbortController();
  const waiting = gate.acquire(controller.signal);
  await settle();
  const reason = new Error('cancelled');
  controller.abort(reason);
  await expect(waiting).rejects.toBe(reason);
  expect(gate.inFlight).toBe(0);
});

test('a probe that gets no answer for 2 s lets the next probe go, so a hung call does not hold the operation', async () => {
  const clock = new FakeClock();
  const gate = new PartnerWideGate(clock);
  await gate.acquire();
  const { granted } = acquireMany(gate, 2);
  await settle();
  expect(granted).toHaveLength(0);
  clock.advance(1_000);
  await settle();
  expect(granted).toHaveLength(0);
  clock.advance(1_000);
  await settle();
  expect(granted).toHaveLength(1);
  expect(gate.inFlight).toBe(2);
});
