// The exactly-once activity logic called directly against the simulator over HTTP (no Temporal needed: the
// activities run as plain functions). What a retry does when the state is not what the plan recorded.
import { ApplicationFailure } from '@temporalio/common';
import { createOptionActivities } from '../../activities/options.js';
import { MockActivityEnvironment } from '@temporalio/testing';
import { applyPlannedCall, createSubscriptionActivities, ERR_STATE_CHANGED, UNCLEAR_WRITE_SETTLE } from '../../activities/subscriptions.js';
import { clientFor, journal, startTestSimulator, type RunningSimulator } from '../helpers/simulator.js';
import { addDays } from '../../domain/dates.js';
import { control, seedCustomer, simToday, STD_CUSTOMER } from './support.js';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startTestSimulator();
});

afterAll(async () => {
  await sim?.app.close();
});

beforeEach(async () => {
  await control(sim, 'POST', '/reset');
});

async function firstSubscription(domainId: number) {
  return (await clientFor(sim).listSubscriptions(domainId)).subscriptions![0]!;
}

test('an add whose before-state no longer holds (someone else added) fails non-retryably and posts nothing', async () => {
  const domainId = await seedCustomer(sim, STD_CUSTOMER);
  const sub = await firstSubscription(domainId);
  await clientFor(sim).addLicenseCount(domainId, String(sub.subscriptionId), { addLicenseCount: 2 });
  const call = {
    operationId: 'addLicenseCount' as const,
    path: { domainId, subscriptionId: sub.subscriptionId },
    body: { addLicenseCount: 5 },
    guard: { kind: 'LICENSE_COUNT' as const, subscriptionId: sub.subscriptionId, before: 10, target: 15 },
    summary: 'add 5',
  };
  const error = await applyPlannedCall(clientFor(sim), call).catch((err: unknown) => err);
  expect(error).toBeInstanceOf(ApplicationFailure);
  expect(error).toMatchObject({ type: ERR_STATE_CHANGED, nonRetryable: true, message: expect.stringContaining('has 12 licenses; expected 10 (before) or 15 (after)') });
  expect((await journal(sim)).filter((e) => e.operation === 'addLicenseCount')).toHaveLength(1);
});

test('a repeated immediate cancel counts as done once a read confirms the subscription is gone', async () => {
  const domainId = await seedCustomer(sim, STD_CUSTOMER);
  const sub = await firstSubscription(domainId);
  const call = { operationId: 'cancelSubscription' as const, path: { domainId, subscriptionId: sub.subscriptionId }, guard: { kind: 'GONE' as const }, summary: 'cancel' };
  expect(await applyPlannedCall(clientFor(sim), call)).toMatchObject({ outcome: 'APPLIED', status: 204 });
  expect(await applyPlannedCall(clientFor(sim), call)).toMatchObject({ outcome: 'ALREADY_APPLIED' });
});

test('a reservation already in place (an earlier attempt made it) is not posted again', async () => {
  const domainId = await seedCustomer(sim, STD_CUSTOMER);
  const sub = await firstSubscription(domainId);
  const applyDate = addDays(await simToday(sim), 4);
  const call = {
    operationId: 'addSubscriptionReservation' as const,
    path: { domainId, subscriptionId: sub.subscriptionId },
    body: { type: 'ADD_LICENSE', applyDate, licenseCount: 3 },
    guard: { kind: 'RESERVATION' as const, subscriptionId: sub.subscriptionId, type: 'ADD_LICENSE', applyDate },
    summary: 'schedule',
  };
  expect((await applyPlannedCall(clientFor(sim), call)).outcome).toBe('APPLIED');
  expect((await applyPlannedCall(clientFor(sim), call)).outcome).toBe('ALREADY_APPLIED');
  expect((await journal(sim)).filter((e) => e.operation === 'addSubscriptionReservation')).toHaveLength(1);
});

test('apiClock gives today in the API time zone from the injected clock', async () => {
  const activities = createSubscriptionActivities({ client: clientFor(sim), now: () => Date.UTC(2026, 2, 10, 15, 30) });
  expect(await activities.apiClock('Asia/Tokyo')).toEqual({ nowMs: Date.UTC(2026, 2, 10, 15, 30), today: '2026-03-11' });
  expect((await activities.apiClock('UTC')).today).toBe('2026-03-10');
});

test('readSubscriptionState gathers what a change can collide with; the option usage list reads one month', async () => {
  const domainId = await seedCustomer(sim, { ...STD_CUSTOMER, options: [{ optionProductId: 'ACV2', subOptionId: 'ACV201' }] });
  const sub = await firstSubscription(domainId);
  await clientFor(sim).patchUsageStatus(domainId, { maxMemberCount: null, withdrawalDate: addDays(await simToday(sim), 40) });
  const state = await createSubscriptionActivities({ client: clientFor(sim) }).readSubscriptionState(domainId, sub.subscriptionId);
  expect(state).toMatchObject({ reservation: null, renewal: { type: 'STAY' }, usage: { memberCount: 8 }, optionProducts: [expect.objectContaining({ optionProductId: 'ACV2' })] });
  expect(state.usage.withdrawalDate).toBe(addDays(await simToday(sim), 40));
  // Usage is sampled at midnight: move the simulator's clock over one.
  await control(sim, 'POST', '/clock/advance', { days: 1 });
  const day = await simToday(sim);
  const [year, month] = day.split('-').map(Number) as [number, number];
  const usages = await createOptionActivities({ client: clientFor(sim) }).listOptionUsages(domainId, year, month);
  expect(usages).toContainEqual(expect.objectContaining({ optionProductId: 'ACV2', subOptionId: 'ACV201', usedDate: day }));
});

describe('writes whose outcome is unclear', () => {
  async function addFiveCall(domainId: number) {
    const sub = await firstSubscription(domainId);
    return {
      operationId: 'addLicenseCount' as const,
      path: { domainId, subscriptionId: sub.subscriptionId },
      body: { addLicenseCount: 5 },
      guard: { kind: 'LICENSE_COUNT' as const, subscriptionId: sub.subscriptionId, before: sub.licenseCount!, target: sub.licenseCount! + 5 },
      summary: 'add 5',
    };
  }

  test('a 5xx on an additive write is retried only after the settle delay, so a late commit is read, not repeated', async () => {
    const domainId = await seedCustomer(sim, STD_CUSTOMER);
    const call = await addFiveCall(domainId);
    await control(sim, 'POST', '/faults/addLicenseCount/next', { kind: 'error', status: 503 });
    const attempt = new MockActivityEnvironment({ startToCloseTimeoutMs: 180_000, currentAttemptScheduledTimestampMs: Date.now() });
    const error = await attempt.run(() => applyPlannedCall(clientFor(sim), call)).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ type: 'ERR_PARTNER_SERVER', nonRetryable: false, nextRetryDelay: UNCLEAR_WRITE_SETTLE });
    expect(UNCLEAR_WRITE_SETTLE).toBe('2 minutes');
  });

  test('a write is not started late in an attempt, where the next attempt could overlap it', async () => {
    const domainId = await seedCustomer(sim, STD_CUSTOMER);
    const call = await addFiveCall(domainId);
    const env = new MockActivityEnvironment({ startToCloseTimeoutMs: 30_000, currentAttemptScheduledTimestampMs: Date.now() });
    const error = await env.run(() => applyPlannedCall(clientFor(sim), call)).catch((err: unknown) => err);
    expect(error).toMatchObject({ type: 'ERR_ATTEMPT_TOO_SHORT', nonRetryable: false });
    expect((await journal(sim)).filter((e) => e.operation === 'addLicenseCount')).toEqual([]);
    // With a whole attempt ahead it writes.
    const ok: Awaited<ReturnType<typeof applyPlannedCall>> = await new MockActivityEnvironment({ startToCloseTimeoutMs: 180_000, currentAttemptScheduledTimestampMs: Date.now() }).run(() =>
      applyPlannedCall(clientFor(sim), call),
    );
    expect(ok.outcome).toBe('APPLIED');
  });
});

describe('the first write sharing the plan read', () => {
  /** The journal's listSubscriptions reads after `run`, and what the write did. */
  async function readsWhile(run: () => Promise<unknown>) {
    await control(sim, 'DELETE', '/journal');
    const outcome = await run();
    return { outcome, listReads: (await journal(sim)).filter((e) => e.operation === 'listSubscriptions').length };
  }

  test("a first attempt right after the plan's read writes without reading; a later attempt or an old read reads first", async () => {
    const domainId = await seedCustomer(sim, STD_CUSTOMER);
    const sub = await firstSubscription(domainId);
    const call = (before: number) => ({
      operationId: 'addLicenseCount' as const,
      path: { domainId, subscriptionId: sub.subscriptionId },
      body: { addLicenseCount: 1 },
      guard: { kind: 'LICENSE_COUNT' as const, subscriptionId: sub.subscriptionId, before, target: before + 1 },
      summary: 'add 1',
    });
    const attempt = (n: number) => new MockActivityEnvironment({ attempt: n, startToCloseTimeoutMs: 180_000, currentAttemptScheduledTimestampMs: Date.now() });

    const fresh = await readsWhile(() => attempt(1).run(() => applyPlannedCall(clientFor(sim), call(10), '1s', { sharesPlanRead: true, planReadAtMs: Date.now() })));
    expect(fresh).toMatchObject({ outcome: { outcome: 'APPLIED' }, listReads: 0 });

    // A retry reads: the write it would repeat is found done.
    const retry = await readsWhile(() => attempt(2).run(() => applyPlannedCall(clientFor(sim), call(10), '1s', { sharesPlanRead: true, planReadAtMs: Date.now() })));
    expect(retry).toMatchObject({ outcome: { outcome: 'ALREADY_APPLIED' }, listReads: 1 });

    // A plan read long ago (a worker was down in between) is not shared, even on a first attempt.
    const old = await readsWhile(() => attempt(1).run(() => applyPlannedCall(clientFor(sim), call(11), '1s', { sharesPlanRead: true, planReadAtMs: Date.now() - 5 * 60_000 })));
    expect(old).toMatchObject({ outcome: { outcome: 'APPLIED' }, listReads: 1 });
    expect((await firstSubscription(domainId)).licenseCount).toBe(12);
  });
});
