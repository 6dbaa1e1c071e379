// changeSubscription end to end: a real Temporal dev server, a real worker, the simulator over HTTP. Every additive
// call is hit with a "commit then fail" fault and must still be applied exactly once.
import { WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { startSubscriptionChange } from '../../scripts/start-subscription-change.js';
import {
  cancelScheduledChangeSignal,
  changeSubscription,
  subscriptionChangeStatusQuery,
  subscriptionChangeWorkflowId,
  type ChangeSubscriptionInput,
} from '../../workflows/index.js';
import { addDays } from '../../domain/dates.js';
import { clientFor, journal, type RunningSimulator } from '../helpers/simulator.js';
import { uniqueTaskQueue } from '../helpers/temporal.js';
import { commitThenFail, control, seedCustomer, simToday, STD_CUSTOMER, startRunningWorld } from './support.js';

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let sim: RunningSimulator;
let stop: (() => Promise<void>) | undefined;
const taskQueue = uniqueTaskQueue('subscription-change');

beforeAll(async () => {
  ({ env, bundle, sim, stop } = await startRunningWorld(taskQueue));
});

afterAll(async () => {
  await stop?.();
});

beforeEach(async () => {
  await control(sim, 'POST', '/reset');
});

async function stdSubscription(domainId: number) {
  const list = await clientFor(sim).listSubscriptions(domainId);
  return list.subscriptions!.find((s) => s.productId === 'STD' || s.productId === 'ADV')!;
}

function run(input: ChangeSubscriptionInput) {
  return env.client.workflow.execute(changeSubscription, {
    taskQueue,
    workflowId: subscriptionChangeWorkflowId(input.domainId, input.requestId, input.preview === true),
    args: [input],
  });
}

const writes = async () => (await journal(sim)).filter((e) => e.method !== 'GET').map((e) => `${e.operation} ${e.status}`);

test('ADD_LICENSES now: a commit-then-fail (500) on add-license-count still adds exactly once', async () => {
  const domainId = await seedCustomer(sim, STD_CUSTOMER);
  const sub = await stdSubscription(domainId);
  await commitThenFail(sim, 'addLicenseCount');
  const result = await run({ domainId, requestId: 'add-5', action: 'ADD_LICENSES', subscriptionId: sub.subscriptionId, addLicenses: 5, when: 'now' });
  expect(result).toMatchObject({ outcome: 'APPLIED', route: 'IMMEDIATE', applied: [{ operationId: 'addLicenseCount', outcome: 'ALREADY_APPLIED' }] });
  expect((await stdSubscription(domainId)).licenseCount).toBe(15);
  // One POST (the one that committed and answered 500); the retry read the count and did not post again.
  expect(await writes()).toEqual(['addLicenseCount 500']);
  // The history replays on the current code: the workflow is deterministic ("today" came from an activity).
  const history = await env.client.workflow.getHandle(subscriptionChangeWorkflowId(domainId, 'add-5')).fetchHistory();
  await expect(Worker.runReplayHistory({ workflowBundle: bundle }, history)).resolves.toBeUndefined();
});

test('ADD_LICENSES now: a dropped connection after commit still adds exactly once; the same request again changes nothing', async () => {
  const domainId = await seedCustomer(sim, STD_CUSTOMER);
  const sub = await stdSubscription(domainId);
  await commitThenFail(sim, 'addLicenseCount', 'drop');
  const input = { domainId, requestId: 'crm-77', action: 'ADD_LICENSES' as const, subscriptionId: sub.subscriptionId, addLicenses: 3, when: 'now' };
  const first = await (await startSubscriptionChange(env.client, taskQueue, input)).result();
  expect(first.outcome).toBe('APPLIED');
  expect((await stdSubscription(domainId)).licenseCount).toBe(13);

  // A re-send of the same request (same business ID) finds the finished workflow instead of adding again.
  const again = await startSubscriptionChange(env.client, taskQueue, input);
  expect(again.workflowId).toBe(`subscription-change/${domainId}/crm-77`);
  expect((await again.result()).applied).toEqual(first.applied);
  expect((await stdSubscription(domainId)).licenseCount).toBe(13);
  expect((await journal(sim)).filter((e) => e.operation === 'addLicenseCount')).toHaveLength(1);
});

test('ADD_SUBSCRIPTION on a date within 31 days: one pre-order despite a commit-then-fail on the POST', async () => {
  const domainId = await seedCustomer(sim, { domain: 'beta.example', companyName: 'Beta', activated: true, memberCount: 3, subscriptions: [{ productId: 'ROG_STD_T', plan: 'TRIAL_LICENSE', licenseCount: 3 }] });
  const applyDate = addDays(await simToday(sim), 10);
  await commitThenFail(sim, 'addSubscriptionPreOrder');
  const result = await run({ domainId, requestId: 'pre-1', action: 'ADD_SUBSCRIPTION', productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 5, when: applyDate });
  expect(result).toMatchObject({ outcome: 'APPLIED', route: 'PRE_ORDER', applied: [{ operationId: 'addSubscriptionPreOrder', outcome: 'ALREADY_APPLIED' }] });
  expect(result.reason).toContain('pre-order window');
  const preOrders = (await clientFor(sim).listSubscriptionPreOrders(domainId)).subscriptionPreOrders!;
  expect(preOrders).toEqual([expect.objectContaining({ productId: 'STD', applyDate, licenseCount: 5 })]);
});

test('preview returns the plan (calls, bodies, dates, effects) and writes nothing', async () => {
  const domainId = await seedCustomer(sim, STD_CUSTOMER);
  const sub = await stdSubscription(domainId);
  const when = addDays(await simToday(sim), 5);
  const result = await run({ domainId, requestId: 'pv', action: 'ADD_LICENSES', subscriptionId: sub.subscriptionId, addLicenses: 2, when, preview: true });
  expect(result.outcome).toBe('PREVIEW');
  expect(result.plan).toMatchObject({
    route: 'RESERVATION',
    effectiveDate: when,
    calls: [{ operationId: 'addSubscriptionReservation', body: { type: 'ADD_LICENSE', applyDate: when, licenseCount: 2 } }],
  });
  expect(result.plan.effects.length).toBeGreaterThan(0);
  expect(await writes()).toEqual([]);
});

test('collision guard: adding now would delete a scheduled ADD_LICENSE, so it stops; proceedDespite goes ahead', async () => {
  const domainId = await seedCustomer(sim, STD_CUSTOMER);
  const sub = await stdSubscription(domainId);
  const applyDate = addDays(await simToday(sim), 20);
  await clientFor(sim).addSubscriptionReservation(domainId, String(sub.subscriptionId), { type: 'ADD_LICENSE', applyDate, licenseCount: 7 });
  const input = { domainId, requestId: 'guarded', action: 'ADD_LICENSES' as const, subscriptionId: sub.subscriptionId, addLicenses: 1, when: 'now' };
  const blocked = await run(input);
  expect(blocked.outcome).toBe('BLOCKED');
  expect(blocked.blockedBy).toEqual([expect.objectContaining({ kind: 'SCHEDULED_ADD_LICENSE_DELETED', message: expect.stringContaining(`7 licenses on ${applyDate}`) })]);
  expect((await stdSubscription(domainId)).licenseCount).toBe(10);

  const accepted = await run({ ...input, requestId: 'guarded-2', proceedDespite: ['SCHEDULED_ADD_LICENSE_DELETED'] });
  expect(accepted.outcome).toBe('APPLIED');
  expect((await stdSubscription(domainId)).licenseCount).toBe(11);
  await expect(clientFor(sim).getSubscriptionReservation(domainId, String(sub.subscriptionId))).rejects.toMatchObject({ status: 404 });
});

test('CANCEL on a date: a CANCEL reservation; the options it takes along are a collision first', async () => {
  const domainId = await seedCustomer(sim, { ...STD_CUSTOMER, options: [{ optionProductId: 'ACV2', subOptionId: 'ACV201' }] });
  const sub = await stdSubscription(domainId);
  const when = addDays(await simToday(sim), 30);
  const input = { domainId, requestId: 'cancel-1', action: 'CANCEL' as const, subscriptionId: sub.subscriptionId, when };
  const blocked = await run(input);
  expect(blocked.blockedBy?.map((c) => c.kind)).toEqual(['CANCEL_TAKES_OPTIONS']);
  const done = await run({ ...input, requestId: 'cancel-2', proceedDespite: ['CANCEL_TAKES_OPTIONS'] });
  expect(done).toMatchObject({ outcome: 'APPLIED', route: 'RESERVATION' });
  expect(await clientFor(sim).getSubscriptionReservation(domainId, String(sub.subscriptionId))).toMatchObject({ type: 'CANCEL', applyDate: when });
  // The same change again finds the reservation in place: nothing is written.
  const again = await run({ ...input, requestId: 'cancel-3' });
  expect(again.outcome).toBe('ALREADY_DONE');
});

test('REDUCE_LICENSES at renewal: the renewal setting CHANGE with the lower count', async () => {
  const domainId = await seedCustomer(sim, STD_CUSTOMER);
  const sub = await stdSubscription(domainId);
  const result = await run({ domainId, requestId: 'reduce', action: 'REDUCE_LICENSES', subscriptionId: sub.subscriptionId, licenseCount: 9, when: 'renewal' });
  expect(result).toMatchObject({ outcome: 'APPLIED', route: 'AT_RENEWAL', plan: { effectiveDate: addDays(sub.planEndDate!, 1) } });
  expect(await clientFor(sim).getSubscriptionRenewal(domainId, String(sub.subscriptionId))).toMatchObject({ type: 'CHANGE', productId: 'STD', licenseCount: 9 });
});

test('UPGRADE now finishes in the background: the workflow waits until the subscription is ACTIVE on ADV', async () => {
  const domainId = await seedCustomer(sim, STD_CUSTOMER);
  const sub = await stdSubscription(domainId);
  const result = await run({ domainId, requestId: 'up', action: 'UPGRADE', subscriptionId: sub.subscriptionId, productId: 'ADV', when: 'now' });
  expect(result).toMatchObject({ outcome: 'APPLIED', route: 'IMMEDIATE', applied: [{ operationId: 'upgradeSubscription', outcome: 'APPLIED' }] });
  expect(await stdSubscription(domainId)).toMatchObject({ productId: 'ADV', status: 'ACTIVE' });
  // It polled while the simulator showed UPGRADING, then saw ACTIVE.
  expect((await journal(sim)).filter((e) => e.operation === 'listSubscriptions').length).toBeGreaterThan(2);
});

test('a date beyond every schedulable window waits on a durable timer, and can be called off', async () => {
  const domainId = await seedCustomer(sim, STD_CUSTOMER);
  const sub = await stdSubscription(domainId);
  const when = addDays(sub.planEndDate!, 40);
  const handle = await env.client.workflow.start(changeSubscription, {
    taskQueue,
    workflowId: subscriptionChangeWorkflowId(domainId, 'later'),
    args: [{ domainId, requestId: 'later', action: 'ADD_LICENSES', subscriptionId: sub.subscriptionId, addLicenses: 4, when }],
  });
  let status = await handle.query(subscriptionChangeStatusQuery);
  for (let i = 0; i < 600 && status.step !== 'WAITING_FOR_DATE'; i++) {
    await new Promise((r) => setTimeout(r, 100));
    status = await handle.query(subscriptionChangeStatusQuery);
  }
  expect(status).toMatchObject({ step: 'WAITING_FOR_DATE', waitingUntil: when, plan: { route: 'TIMER_THEN_IMMEDIATE' } });
  await handle.signal(cancelScheduledChangeSignal);
  expect(await handle.result()).toMatchObject({ outcome: 'CALLED_OFF', route: 'TIMER_THEN_IMMEDIATE' });
  expect(await writes()).toEqual([]);
});

test('NOT_POSSIBLE explains why and what would work (a reduction now)', async () => {
  const domainId = await seedCustomer(sim, STD_CUSTOMER);
  const sub = await stdSubscription(domainId);
  const result = await run({ domainId, requestId: 'np', action: 'REDUCE_LICENSES', subscriptionId: sub.subscriptionId, licenseCount: 9, when: 'now' });
  expect(result.outcome).toBe('NOT_POSSIBLE');
  expect(result.reason).toContain(`only take effect at renewal (${addDays(sub.planEndDate!, 1)})`);
});

test('an invalid input fails at once with ERR_INVALID_INPUT naming each field', async () => {
  const error = await run({ domainId: 0, requestId: 'bad', action: 'ADD_LICENSES', when: 'soon' } as ChangeSubscriptionInput).catch((err: unknown) => err);
  expect(error).toBeInstanceOf(WorkflowFailedError);
  const cause = (error as WorkflowFailedError).cause as { type?: string; message: string; details?: unknown[] };
  expect(cause.type).toBe('ERR_INVALID_INPUT');
  expect(cause.details).toEqual(
    expect.arrayContaining(['domainId is required (a positive integer)', 'when must be "now", "renewal" or a date YYYY-MM-DD', 'subscriptionId is required for action ADD_LICENSES']),
  );
});
