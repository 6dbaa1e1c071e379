// The lifecycle workflows' real default durations on the time-skipping test server: the transfer's 48-hour deadline
// with back-off to 10 minutes, the dated cancellation's 12-hour re-reads until (and after) its date, and the 14-day
// approval timeout, and the dated cancellation's continue-as-new a season ahead. Days pass in seconds; every API call
// still goes to the simulator over HTTP.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { createActivities } from '../../activities/index.js';
import { StaticTokenProvider } from '../../partner-api/auth.js';
import { PartnerApiClient } from '../../partner-api/client.js';
import { SIMULATOR_TOKEN } from '../../partner-api/from-config.js';
import { startSimulator } from '../../simulator/app.js';
import type { Worker } from '@temporalio/worker';
import { createWorker } from '../../workers/worker.js';
import {
  abortCancellationUpdate,
  approveCancellationUpdate,
  cancelCustomer,
  cancellationStatusQuery,
  cancelWorkflowId,
  DATE_CHECKS_PER_RUN,
  type CancellationStatus,
  recheckTransferSignal,
  TRANSFER_CHECKS_PER_RUN,
  transferCustomer,
  type TransferStatus,
  transferWorkflowId,
} from '../../workflows/index.js';
import type { RunningSimulator } from '../helpers/simulator.js';
import { bundleWorkflows, createTimeSkippingEnv, uniqueTaskQueue } from '../helpers/temporal.js';
import { calls, controlPost, plusDays, queryUntil, seedCustomer, simulatorToday } from './lifecycle-support.js';

let env: TestWorkflowEnvironment;
let simulator: RunningSimulator;
let bundle: Awaited<ReturnType<typeof bundleWorkflows>>;
let worker: Worker;
let workerRunning: Promise<void>;
const taskQueue = uniqueTaskQueue('lifecycle-time-skipping');

beforeAll(async () => {
  bundle = await bundleWorkflows();
});

// A fresh test server, simulator and worker for each test. The workflows leave detached CRM-notification workflows
// behind (they outlive the business run by design); after one of those has run, the Java time-skipping server no
// longer skips time for later workflows in the same server (seen with temporal-test-server 1.38). The real server
// and the dev server are not affected (test/exactlyonce/crm-outage.test.ts runs them there).
beforeEach(async () => {
  // Skipped days produce hundreds of real calls in seconds: lift the per-minute limits on both sides.
  [env, simulator] = await Promise.all([createTimeSkippingEnv(), startSimulator(0, { transferDelayMs: 30 * 86_400_000, rateLimitPerMinute: 100_000 })]);
  const client = new PartnerApiClient({ baseUrl: simulator.baseUrl, tokens: new StaticTokenProvider(SIMULATOR_TOKEN), timeoutMs: 5_000, rateLimits: false });
  worker = await createWorker({ connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue, activities: createActivities({ client }), workflowBundle: bundle });
  workerRunning = worker.run();
});

afterEach(async () => {
  if (worker?.getState() === 'RUNNING') worker.shutdown();
  await workerRunning;
  await simulator?.app.close();
  await env?.teardown();
});

async function withWorker<T>(_name: string, fn: (taskQueue: string) => Promise<T>): Promise<T> {
  return fn(taskQueue);
}

/**
 * Moves the simulator's clock up to the test server's (skipped) time, so both agree on "today" in Asia/Tokyo, and
 * returns that date. (The server's clock runs ahead after each test; the simulator's never goes back.)
 */
async function syncClocks(): Promise<string> {
  const serverMs = await env.currentTimeMs();
  const simulatorNow = ((await (await fetch(`${simulator.url}/_simulator/clock`)).json()) as { now: string }).now;
  if (serverMs > Date.parse(simulatorNow) + 1000) {
    const response = await fetch(`${simulator.url}/_simulator/clock`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: new Date(serverMs).toISOString() }) });
    if (!response.ok) throw new Error(`setting the simulator clock answered ${response.status}`);
  }
  return simulatorToday(simulator);
}

test('a transfer that never completes is checked with back-off, continues as new on the way, and gives up at the 48-hour default deadline', async () => {
  await controlPost(simulator, '/seed', { potentialCustomers: [{ domain: 'slow-direct.example', partnerCode: 'Code1' }] });
  const { result, started, closed, runs } = await withWorker('transfer-48h', async (taskQueue) => {
    const handle = await env.client.workflow.start(transferCustomer, { taskQueue, workflowId: transferWorkflowId('slow-direct.example'), args: [{ domain: 'slow-direct.example', partnerCode: 'Code1' }] });
    const result = await handle.result(); // follows the runs to the last one
    const { startTime } = await env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId).describe();
    const { closeTime } = await handle.describe();
    return { result, started: startTime.getTime(), closed: closeTime!.getTime(), runs: await runCount(handle.workflowId, handle.firstExecutionRunId) };
  });
  // About 295 checks, TRANSFER_CHECKS_PER_RUN (100) per run: the history of each run stays small.
  expect(runs).toBeGreaterThanOrEqual(3);
  expect(result).toMatchObject({ outcome: 'TIMED_OUT', reason: expect.stringContaining('within 2d') });
  const elapsedHours = (closed - started) / 3_600_000;
  expect(elapsedHours).toBeGreaterThanOrEqual(48);
  expect(elapsedHours).toBeLessThan(49);
  // 5 s doubling to 10 minutes, then every 10 minutes: about 295 checks in 48 hours, not one every 5 s (34,560).
  const checks = (result as { checks: number }).checks;
  expect(checks).toBeGreaterThan(250);
  expect(checks).toBeLessThan(320);
  expect(await calls(simulator, 'transferPotentialCustomer')).toEqual(['transferPotentialCustomer 202']);
});

test('a transfer waiting for days continues as new with its status, takes recheckTransfer in a later run, and transfers once', async () => {
  await controlPost(simulator, '/seed', { potentialCustomers: [{ domain: 'long-direct.example', partnerCode: 'Code2' }] });
  await syncClocks();
  const handle = await env.client.workflow.start(transferCustomer, {
    taskQueue,
    workflowId: transferWorkflowId('long-direct.example'),
    args: [{ domain: 'long-direct.example', partnerCode: 'Code2', wait: { maxInterval: '1h', deadline: '30d' } }],
  });
  const first = await queryUntil<TransferStatus>(handle, 'transferStatus', (s) => s.step === 'WAITING_FOR_TRANSFER', 'waiting for the transfer');
  // Hourly checks: 6 days are about 150, more than one run's worth.
  await env.sleep('6 days');
  const latest = env.client.workflow.getHandle(handle.workflowId);
  const waiting = await latest.query<TransferStatus>('transferStatus');
  expect(waiting).toMatchObject({ step: 'WAITING_FOR_TRANSFER', domain: 'long-direct.example', deadline: first.deadline });
  expect(waiting.checks).toBeGreaterThan(TRANSFER_CHECKS_PER_RUN);
  expect(await runCount(handle.workflowId, handle.firstExecutionRunId)).toBeGreaterThanOrEqual(2);

  // LINE WORKS finishes the transfer (the simulator's clock passes its 30-day delay); the signal checks at once.
  await controlPost(simulator, '/clock/advance', { days: 31 });
  await latest.signal(recheckTransferSignal);
  expect(await latest.result()).toMatchObject({ outcome: 'TRANSFERRED', customer: { domain: 'long-direct.example' } });
  // Looked up and transferred by the first run only.
  expect(await calls(simulator, 'getPotentialCustomer', 'transferPotentialCustomer')).toEqual(['getPotentialCustomer 200', 'transferPotentialCustomer 202']);
});

test('a dated cancellation re-reads every 12 hours until its date, then finds the customer gone', async () => {
  const customer = seedCustomer(simulator, 'gone-on-date.example');
  const date = plusDays(await syncClocks(), 3);
  const result = await withWorker('cancel-dated-days', async (taskQueue) => {
    const handle = await env.client.workflow.start(cancelCustomer, { taskQueue, workflowId: cancelWorkflowId(customer.domainId), args: [{ domainId: customer.domainId, mode: 'ON_DATE', withdrawalDate: date }] });
    await handle.executeUpdate(approveCancellationUpdate, { args: [{ approvedBy: 'manager@partner', reason: 'contract ends' }] });
    await env.sleep('2 days');
    const waiting = await handle.query(cancellationStatusQuery);
    expect(waiting.step).toBe('WAITING_FOR_DATE');
    // Every 12 hours (4 reads in 2 days), not a busy loop.
    expect(waiting.checks).toBeGreaterThanOrEqual(3);
    expect(waiting.checks).toBeLessThanOrEqual(5);
    // LINE WORKS applies the date (the simulator's clock reaches it).
    await controlPost(simulator, '/clock/advance', { days: 3 });
    return handle.result();
  });
  expect(result).toMatchObject({ outcome: 'CANCELLED', withdrawalDate: date });
  expect(simulator.state.customers.has(customer.domainId)).toBe(false);
});

/** How many runs a workflow ID has had from `runId` on, following each run's continued-as-new event. */
async function runCount(workflowId: string, runId: string): Promise<number> {
  const last = (await env.client.workflow.getHandle(workflowId, runId).fetchHistory()).events?.at(-1);
  const next = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
  return next ? 1 + (await runCount(workflowId, next)) : 1;
}

test('a cancellation 60 days ahead (about 120 re-reads) continues as new at least twice, keeps its status, and cancels once', async () => {
  const customer = seedCustomer(simulator, 'far-ahead.example');
  const date = plusDays(await syncClocks(), 60);
  const handle = await env.client.workflow.start(cancelCustomer, { taskQueue, workflowId: cancelWorkflowId(customer.domainId), args: [{ domainId: customer.domainId, mode: 'ON_DATE', withdrawalDate: date }] });
  await handle.executeUpdate(approveCancellationUpdate, { args: [{ approvedBy: 'manager@partner', reason: 'contract ends' }] });
  const before = await queryUntil<CancellationStatus>(handle, 'cancellationStatus', (s) => s.step === 'WAITING_FOR_DATE', 'waiting for the date');
  const firstRunId = (await handle.describe()).runId;

  // 55 days of 12-hourly re-reads (about 110): more than two runs' worth (DATE_CHECKS_PER_RUN each).
  await env.sleep('55 days');
  const latest = env.client.workflow.getHandle(handle.workflowId); // the same business ID, its latest run
  const waiting = await latest.query(cancellationStatusQuery);
  expect(waiting.checks).toBeGreaterThan(2 * DATE_CHECKS_PER_RUN);
  expect(waiting).toMatchObject({ step: 'WAITING_FOR_DATE', domainId: customer.domainId, domain: 'far-ahead.example', withdrawalDate: date, approval: before.approval, billing: before.billing });
  expect(await runCount(handle.workflowId, firstRunId)).toBeGreaterThanOrEqual(3);

  // LINE WORKS applies the date (the simulator's clock reaches it).
  await controlPost(simulator, '/clock/advance', { days: 61 });
  expect(await latest.result()).toMatchObject({ outcome: 'CANCELLED', withdrawalDate: date, approval: before.approval });
  expect(simulator.state.customers.has(customer.domainId)).toBe(false);
  // Scheduled once, by the first run: no continuation wrote again.
  expect(await calls(simulator, 'patchUsageStatus', 'deleteCustomer')).toEqual(['patchUsageStatus 200']);
});

test('once the date is reached, abort is refused; a customer still there 3 days later is reported', async () => {
  const customer = seedCustomer(simulator, 'kept-waiting.example');
  const date = plusDays(await syncClocks(), 3);
  await withWorker('cancel-dated-late', async (taskQueue) => {
    const handle = await env.client.workflow.start(cancelCustomer, { taskQueue, workflowId: cancelWorkflowId(customer.domainId), args: [{ domainId: customer.domainId, mode: 'ON_DATE', withdrawalDate: date }] });
    await handle.executeUpdate(approveCancellationUpdate, { args: [{ approvedBy: 'manager@partner', reason: 'contract ends' }] });
    // The workflow's clock passes the date; the simulator's does not (LINE WORKS has not applied it).
    await env.sleep('4 days');
    const late = await handle.executeUpdate(abortCancellationUpdate, { args: [{ abortedBy: 'sales@partner' }] }).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(String((late as WorkflowUpdateFailedError).cause?.message)).toContain(`the withdrawal date ${date} has been reached`);
    expect(await handle.result()).toMatchObject({ outcome: 'STILL_PRESENT_AFTER_DATE', withdrawalDate: date });
  });
  expect(simulator.state.usage.get(customer.domainId)?.withdrawalDate).toBe(date);
});

test('without an approval, the cancellation gives up after the 14-day default and changes nothing', async () => {
  const customer = seedCustomer(simulator, 'undecided.example');
  const result = await withWorker('cancel-approval-14d', (taskQueue) =>
    env.client.workflow.execute(cancelCustomer, { taskQueue, workflowId: cancelWorkflowId(customer.domainId), args: [{ domainId: customer.domainId, mode: 'NOW' }] }),
  );
  expect(result).toMatchObject({ outcome: 'APPROVAL_TIMED_OUT', detail: 'no approval within 14 days; nothing was changed' });
  expect(simulator.state.customers.has(customer.domainId)).toBe(true);
});
