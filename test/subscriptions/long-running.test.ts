// Long timers on the time-skipping test server: a change dated beyond every schedulable window (timer, then the
// immediate call on that date) and the per-term license renewal workflow. The simulator's clock follows the test
// server's clock through its control API whenever an activity asks for "now", so scheduled renewals happen on time.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import {
  changeSubscription,
  licenseRenewal,
  licenseRenewalStatusQuery,
  licenseRenewalWorkflowId,
  setRenewalTargetSignal,
  stopLicenseRenewalSignal,
  subscriptionChangeWorkflowId,
  type LicenseRenewalStatus,
} from '../../workflows/index.js';
import { addDays, startOfDayInZone } from '../../domain/dates.js';
import { clientFor, journal, startTestSimulator, type RunningSimulator } from '../helpers/simulator.js';
import { bundleWorkflows, createTimeSkippingEnv, uniqueTaskQueue } from '../helpers/temporal.js';
import { commitThenFail, control, seedCustomer, startWorker, STD_CUSTOMER } from './support.js';

let env: TestWorkflowEnvironment;
let sim: RunningSimulator;
let worker: Worker;
let bundle: WorkflowBundleWithSourceMap;
let running: Promise<void>;
const taskQueue = uniqueTaskQueue('subscriptions-long');

/**
 * "Now" for activities: the test server's time, pushed to the simulator's clock, which stands still in between
 * (frozen) so that concurrent callers set the same instant and the clock never has to go backwards.
 */
let syncing: Promise<unknown> = Promise.resolve();
async function syncedNow(): Promise<number> {
  // One sync at a time: two concurrent ones could otherwise set t2 and then the older t1.
  const next = syncing.then(async () => {
    const serverNow = await env.currentTimeMs();
    if (serverNow > sim.clock.nowMs()) await control(sim, 'PUT', '/clock', { now: new Date(serverNow).toISOString(), frozen: true });
    return sim.clock.nowMs();
  });
  syncing = next.catch(() => undefined);
  return next;
}

beforeAll(async () => {
  bundle = await bundleWorkflows();
});

// A fresh test server, simulator and worker for each test: after a detached CRM-notification workflow has run, the
// Java time-skipping server stops skipping time for later workflows (lifecycle-time-skipping.test.ts says more),
// and each test's dates then start from today, not from where the previous test left the skipped clock.
beforeEach(async () => {
  [env, sim] = await Promise.all([createTimeSkippingEnv(), startTestSimulator()]);
  worker = await startWorker(env, bundle, sim, taskQueue, syncedNow);
  running = worker.run();
  await syncedNow();
});

afterEach(async () => {
  if (worker?.getState() === 'RUNNING') worker.shutdown();
  await running;
  await sim?.app.close();
  await env?.teardown();
});

async function subscriptionOf(domainId: number) {
  await syncedNow();
  return (await clientFor(sim).listSubscriptions(domainId)).subscriptions![0]!;
}

/** Polls the renewal workflow's status (real time, bounded) until `done` holds. */
async function statusUntil(workflowId: string, done: (s: LicenseRenewalStatus) => boolean): Promise<LicenseRenewalStatus> {
  const handle = env.client.workflow.getHandle(workflowId);
  let status = await handle.query(licenseRenewalStatusQuery);
  for (let i = 0; i < 600 && !done(status); i++) {
    await new Promise((r) => setTimeout(r, 100));
    status = await handle.query(licenseRenewalStatusQuery);
  }
  return status;
}

/** Moves the test server's clock to `date` 12:00 in Tokyo (timers on the way fire). */
async function skipTo(date: string): Promise<void> {
  const target = startOfDayInZone(date, 'Asia/Tokyo') + 12 * 3_600_000;
  await env.sleep(Math.max(target - (await env.currentTimeMs()), 1));
}

test('ADD_LICENSES dated after the renewal: a durable timer, then the immediate call on that date, exactly once', async () => {
  const domainId = await seedCustomer(sim, STD_CUSTOMER);
  const sub = await subscriptionOf(domainId);
  const when = addDays(sub.planEndDate!, 40);
  await commitThenFail(sim, 'addLicenseCount');
  const result = await env.client.workflow.execute(changeSubscription, {
    taskQueue,
    workflowId: subscriptionChangeWorkflowId(domainId, 'next-term'),
    args: [{ domainId, requestId: 'next-term', action: 'ADD_LICENSES', subscriptionId: sub.subscriptionId, addLicenses: 4, when }],
  });
  expect(result).toMatchObject({ outcome: 'APPLIED', route: 'TIMER_THEN_IMMEDIATE', applied: [{ operationId: 'addLicenseCount', outcome: 'ALREADY_APPLIED' }] });
  expect(result.reason).toContain('beyond the ADD_LICENSE window');
  expect(result.reason).toContain(`On ${when}: added now`);
  const adds = (await journal(sim)).filter((e) => e.operation === 'addLicenseCount');
  expect(adds).toHaveLength(1);
  // Made on the date asked for, in the API's time zone (the simulator journals its own clock).
  expect(new Date(Date.parse(adds[0]!.at) + 9 * 3_600_000).toISOString().slice(0, 10)).toBe(when);
  expect((await subscriptionOf(domainId)).licenseCount).toBe(14);
});

test('licenseRenewal: decides members + margin before the renewal, follows the CRM target, renews, and starts the next term', async () => {
  const domainId = await seedCustomer(sim, { ...STD_CUSTOMER, memberCount: 18, subscriptions: [{ productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 20 }] });
  const sub = await subscriptionOf(domainId);
  const renewalDate = addDays(sub.planEndDate!, 1);
  const workflowId = licenseRenewalWorkflowId(domainId, sub.subscriptionId);
  const handle = await env.client.workflow.start(licenseRenewal, {
    taskQueue,
    workflowId,
    args: [{ domainId, subscriptionId: sub.subscriptionId, leadDays: 14, marginPercent: 10 }],
  });
  const waiting = await statusUntil(workflowId, (s) => s.step === 'WAITING_TO_DECIDE');
  expect(waiting).toMatchObject({ renewalDate, decideDate: addDays(renewalDate, -14), terms: 0 });

  // Past the decision date: 18 members + 10% = 19.8 -> 20 licenses; already 20 with STAY, so nothing to change.
  await skipTo(addDays(renewalDate, -13));
  const decided = await statusUntil(workflowId, (s) => s.step === 'WAITING_FOR_RENEWAL');
  expect(decided.decided).toMatchObject({ licenseCount: 20, source: '18 members + 10% margin', outcome: 'ALREADY_DONE' });

  // The CRM asks for 25: the renewal setting becomes CHANGE 25.
  await handle.signal(setRenewalTargetSignal, { licenseCount: 25 });
  const retargeted = await statusUntil(workflowId, (s) => s.decided?.licenseCount === 25);
  expect(retargeted.decided).toMatchObject({ source: 'target 25 given by the CRM', outcome: 'APPLIED' });
  expect(await clientFor(sim).getSubscriptionRenewal(domainId, String(sub.subscriptionId))).toMatchObject({ type: 'CHANGE', licenseCount: 25 });

  // After the renewal date: a new run for the next term, on the renewed subscription.
  await skipTo(addDays(renewalDate, 1));
  const nextTerm = await statusUntil(workflowId, (s) => s.terms === 1 && s.step === 'WAITING_TO_DECIDE');
  // A yearly contract renews on the same day a year later (366 days when the term holds a 29 February).
  expect(nextTerm).toMatchObject({ terms: 1, renewalDate: `${Number(renewalDate.slice(0, 4)) + 1}${renewalDate.slice(4)}` });
  expect(nextTerm.targetLicenseCount).toBeUndefined();
  expect(await subscriptionOf(domainId)).toMatchObject({ licenseCount: 25, planStartDate: renewalDate });

  await handle.signal(stopLicenseRenewalSignal);
  expect(await handle.result()).toMatchObject({ outcome: 'STOPPED' });
  // Both the first term's run (ended by continue-as-new) and the last one replay on the current code.
  await expect(Worker.runReplayHistory({ workflowBundle: bundle }, await env.client.workflow.getHandle(workflowId, handle.firstExecutionRunId).fetchHistory())).resolves.toBeUndefined();
  await expect(Worker.runReplayHistory({ workflowBundle: bundle }, await env.client.workflow.getHandle(workflowId).fetchHistory())).resolves.toBeUndefined();
});

test('licenseRenewal reports a storage downgrade that fell back to STAY at the renewal (usage above the smaller tier)', async () => {
  const domainId = await seedCustomer(sim, {
    ...STD_CUSTOMER,
    memberCount: 9,
    storageUsage: { SSTG2: 7 },
    options: [{ optionProductId: 'SSTG2', subOptionId: 'SSTG203' }],
  });
  const sub = await subscriptionOf(domainId);
  const renewalDate = addDays(sub.planEndDate!, 1);
  // The partner asked for 5 TB at renewal; the tenant uses 7 TB, so LINE WORKS keeps 10 TB without saying so.
  await clientFor(sim).patchOptionProductRenewal(domainId, 'SSTG2', { type: 'CHANGE', subOptionId: 'SSTG202' } as never);
  const workflowId = licenseRenewalWorkflowId(domainId, sub.subscriptionId);
  const handle = await env.client.workflow.start(licenseRenewal, { taskQueue, workflowId, args: [{ domainId, subscriptionId: sub.subscriptionId }] });
  await statusUntil(workflowId, (s) => s.step === 'WAITING_TO_DECIDE');

  await skipTo(addDays(renewalDate, -13));
  const decided = await statusUntil(workflowId, (s) => s.step === 'WAITING_FOR_RENEWAL');
  expect(decided.storageDowngrades).toEqual([{ optionProductId: 'SSTG2', from: 'SSTG203', requested: 'SSTG202' }]);

  await skipTo(addDays(renewalDate, 1));
  const nextTerm = await statusUntil(workflowId, (s) => s.terms === 1 && s.step === 'WAITING_TO_DECIDE');
  expect(nextTerm.lastRenewal).toEqual({
    date: renewalDate,
    storageDowngrades: [
      { optionProductId: 'SSTG2', from: 'SSTG203', requested: 'SSTG202', renewedWith: 'SSTG203', outcome: 'FELL_BACK_TO_STAY', detail: expect.stringContaining('fell back to STAY') },
    ],
  });
  expect((await clientFor(sim).listOptionProducts(domainId)).optionProducts).toMatchObject([{ subOptionId: 'SSTG203', planStartDate: renewalDate }]);

  await handle.signal(stopLicenseRenewalSignal);
  expect(await handle.result()).toMatchObject({ outcome: 'STOPPED' });
  await expect(Worker.runReplayHistory({ workflowBundle: bundle }, await env.client.workflow.getHandle(workflowId, handle.firstExecutionRunId).fetchHistory())).resolves.toBeUndefined();
});
