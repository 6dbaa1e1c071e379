// A dated cancellation a season ahead (120 re-reads at the 12-hour default) continues as new every
// DATE_CHECKS_PER_RUN re-reads, on the time-skipping test server: same business ID, the same status after each
// continuation (approval, billing, checks counted on), and the customer is still cancelled exactly once.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities/index.js';
import { StaticTokenProvider } from '../../partner-api/auth.js';
import { PartnerApiClient } from '../../partner-api/client.js';
import { SIMULATOR_TOKEN } from '../../partner-api/from-config.js';
import { startSimulator } from '../../simulator/app.js';
import { createWorker } from '../../workers/worker.js';
import { approveCancellationUpdate, cancelCustomer, cancellationStatusQuery, cancelWorkflowId, DATE_CHECKS_PER_RUN, type CancellationStatus } from '../../workflows/index.js';
import type { RunningSimulator } from '../helpers/simulator.js';
import { bundleWorkflows, createTimeSkippingEnv, uniqueTaskQueue } from '../helpers/temporal.js';
import { calls, controlPost, plusDays, queryUntil, seedCustomer, simulatorToday } from './lifecycle-support.js';

let env: TestWorkflowEnvironment;
let simulator: RunningSimulator;
let worker: Worker;
let workerRunning: Promise<void>;
const taskQueue = uniqueTaskQueue('cancel-continue-as-new');

beforeAll(async () => {
  // Skipped days produce many real calls in seconds: lift the per-minute limits on both sides.
  const bundle = await bundleWorkflows();
  [env, simulator] = await Promise.all([createTimeSkippingEnv(), startSimulator(0, { rateLimitPerMinute: 100_000 })]);
  const client = new PartnerApiClient({ baseUrl: simulator.baseUrl, tokens: new StaticTokenProvider(SIMULATOR_TOKEN), timeoutMs: 5_000, rateLimits: false });
  worker = await createWorker({ connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue, activities: createActivities({ client }), workflowBundle: bundle });
  workerRunning = worker.run();
});
afterAll(async () => {
  if (worker?.getState() === 'RUNNING') worker.shutdown();
  await workerRunning;
  await simulator?.app.close();
  await env?.teardown();
});

/** The runs of a workflow ID, first to last, followed through each run's continued-as-new event. */
async function runsOf(workflowId: string, firstRunId: string): Promise<string[]> {
  const runs = [firstRunId];
  for (;;) {
    const history = await env.client.workflow.getHandle(workflowId, runs.at(-1)).fetchHistory();
    const next = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
    if (!next) return runs;
    runs.push(next);
  }
}

test('a cancellation 60 days ahead continues as new at least twice, keeps its status, and cancels once', async () => {
  const customer = seedCustomer(simulator, 'far-ahead.example');
  const date = plusDays(await simulatorToday(simulator), 60);
  const handle = await env.client.workflow.start(cancelCustomer, { taskQueue, workflowId: cancelWorkflowId(customer.domainId), args: [{ domainId: customer.domainId, mode: 'ON_DATE', withdrawalDate: date }] });
  await handle.executeUpdate(approveCancellationUpdate, { args: [{ approvedBy: 'manager@partner', reason: 'contract ends' }] });
  const before = await queryUntil<CancellationStatus>(handle, 'cancellationStatus', (st) => st.step === 'WAITING_FOR_DATE', 'waiting for the date');
  const firstRunId = (await handle.describe()).runId;

  // 55 days of 12-hourly re-reads (about 110): more than two runs' worth.
  await env.sleep('55 days');
  const waiting = await env.client.workflow.getHandle(handle.workflowId).query(cancellationStatusQuery);
  expect(waiting.checks).toBeGreaterThan(2 * DATE_CHECKS_PER_RUN);
  expect(waiting).toMatchObject({ step: 'WAITING_FOR_DATE', domainId: customer.domainId, domain: 'far-ahead.example', mode: 'ON_DATE', withdrawalDate: date, approval: before.approval, billing: before.billing });
  expect((await runsOf(handle.workflowId, firstRunId)).length).toBeGreaterThanOrEqual(3);

  // LINE WORKS applies the date (the simulator's clock reaches it).
  await controlPost(simulator, '/clock/advance', { days: 61 });
  const result = await env.client.workflow.getHandle(handle.workflowId).result();
  expect(result).toMatchObject({ outcome: 'CANCELLED', withdrawalDate: date, approval: before.approval });
  expect(simulator.state.customers.has(customer.domainId)).toBe(false);
  // Scheduled once, by the first run: no continuation wrote again.
  expect(await calls(simulator, 'patchUsageStatus', 'deleteCustomer')).toEqual(['patchUsageStatus 200']);
});
