// A write that LINE WORKS commits only after our client gave up (timeout): the retry must read the late commit,
// not add again. The simulator's `slow` fault applies the change after `delayMs`, longer than the client's timeout.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities } from '../../activities/index.js';
import { createSubscriptionActivities } from '../../activities/subscriptions.js';
import { StaticTokenProvider } from '../../partner-api/auth.js';
import { PartnerApiClient } from '../../partner-api/client.js';
import { SIMULATOR_TOKEN } from '../../partner-api/from-config.js';
import { createWorker } from '../../workers/worker.js';
import { changeSubscription, subscriptionChangeWorkflowId } from '../../workflows/index.js';
import { clientFor, journal, startTestSimulator, type RunningSimulator } from '../helpers/simulator.js';
import { bundleWorkflows, createLocalEnv, uniqueTaskQueue } from '../helpers/temporal.js';
import { control, seedCustomer, STD_CUSTOMER } from './support.js';

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let sim: RunningSimulator;

beforeAll(async () => {
  [env, bundle, sim] = await Promise.all([createLocalEnv(), bundleWorkflows(), startTestSimulator()]);
});
afterAll(async () => {
  await sim?.app.close();
  await env?.teardown();
});

test('add-license-count committed 2.5 s after a 1 s client timeout is applied once: the retry waits the settle delay and reads it', async () => {
  const domainId = await seedCustomer(sim, STD_CUSTOMER);
  const subscription = (await clientFor(sim).listSubscriptions(domainId)).subscriptions!.find((s) => s.productId === 'STD')!;
  await control(sim, 'POST', '/faults/addLicenseCount/next', { kind: 'slow', delayMs: 2_500 });

  const impatient = new PartnerApiClient({ baseUrl: sim.baseUrl, tokens: new StaticTokenProvider(SIMULATOR_TOKEN), timeoutMs: 1_000 });
  const taskQueue = uniqueTaskQueue('late-commit');
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    // The settle delay (4 s) outlasts the server's late commit (2.5 s), as the production 2 minutes outlast LINE WORKS'.
    activities: { ...createActivities({ client: impatient }), ...createSubscriptionActivities({ client: impatient, now: () => sim.clock.nowMs(), unclearWriteSettle: '4s' }) },
    workflowBundle: bundle,
  });
  const result = await worker.runUntil(
    env.client.workflow.execute(changeSubscription, {
      taskQueue,
      workflowId: subscriptionChangeWorkflowId(domainId, 'late-1'),
      args: [{ domainId, requestId: 'late-1', action: 'ADD_LICENSES', subscriptionId: subscription.subscriptionId, addLicenses: 3, when: 'now' }],
    }),
  );
  expect(result).toMatchObject({ outcome: 'APPLIED', applied: [{ operationId: 'addLicenseCount', outcome: 'ALREADY_APPLIED' }] });
  const after = (await clientFor(sim).listSubscriptions(domainId)).subscriptions!.find((s) => s.subscriptionId === subscription.subscriptionId)!;
  expect(after.licenseCount).toBe(subscription.licenseCount! + 3);
  expect((await journal(sim)).filter((e) => e.operation === 'addLicenseCount')).toHaveLength(1);
});
