// The same change request started again after it finished, with Temporal's default ID reuse policy (as a start from
// the Web UI does): the new run answers with the first run's result and adds nothing.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { changeSubscription, subscriptionChangeWorkflowId, type ChangeSubscriptionInput } from '../../workflows/index.js';
import { clientFor, journal, type RunningSimulator } from '../helpers/simulator.js';
import { uniqueTaskQueue } from '../helpers/temporal.js';
import { control, seedCustomer, STD_CUSTOMER, startRunningWorld } from './support.js';

let env: TestWorkflowEnvironment;
let sim: RunningSimulator;
let stop: (() => Promise<void>) | undefined;
const taskQueue = uniqueTaskQueue('repeat-request');

beforeAll(async () => {
  ({ env, sim, stop } = await startRunningWorld(taskQueue));
});

afterAll(async () => {
  await stop?.();
});

beforeEach(async () => {
  await control(sim, 'POST', '/reset');
});

test('ADD_LICENSES started twice under one business ID with ALLOW_DUPLICATE adds once; the second run reports the first', async () => {
  const domainId = await seedCustomer(sim, STD_CUSTOMER);
  const subscription = (await clientFor(sim).listSubscriptions(domainId)).subscriptions!.find((s) => s.productId === 'STD')!;
  const input: ChangeSubscriptionInput = { domainId, requestId: 'ui-1', action: 'ADD_LICENSES', subscriptionId: subscription.subscriptionId, addLicenses: 4, when: 'now' };
  const options = { taskQueue, workflowId: subscriptionChangeWorkflowId(domainId, 'ui-1'), args: [input] as [ChangeSubscriptionInput], workflowIdReusePolicy: 'ALLOW_DUPLICATE' as const };

  const firstHandle = await env.client.workflow.start(changeSubscription, options);
  const first = await firstHandle.result();
  expect(first).toMatchObject({ outcome: 'APPLIED', route: 'IMMEDIATE' });
  expect(first.repeatOf).toBeUndefined();

  const second = await env.client.workflow.execute(changeSubscription, options);
  expect(second).toMatchObject({ outcome: 'APPLIED', applied: first.applied, repeatOf: firstHandle.firstExecutionRunId });
  const after = (await clientFor(sim).listSubscriptions(domainId)).subscriptions!.find((s) => s.subscriptionId === subscription.subscriptionId)!;
  expect(after.licenseCount).toBe(subscription.licenseCount! + 4);
  expect((await journal(sim)).filter((e) => e.operation === 'addLicenseCount')).toHaveLength(1);
});

test('a preview is never answered from an earlier run', async () => {
  const domainId = await seedCustomer(sim, STD_CUSTOMER);
  const subscription = (await clientFor(sim).listSubscriptions(domainId)).subscriptions!.find((s) => s.productId === 'STD')!;
  const input: ChangeSubscriptionInput = { domainId, requestId: 'pv-1', action: 'ADD_LICENSES', subscriptionId: subscription.subscriptionId, addLicenses: 1, when: 'now', preview: true };
  const options = { taskQueue, workflowId: subscriptionChangeWorkflowId(domainId, 'pv-1', true), args: [input] as [ChangeSubscriptionInput] };
  await env.client.workflow.execute(changeSubscription, options);
  const again = await env.client.workflow.execute(changeSubscription, options);
  expect(again).toMatchObject({ outcome: 'PREVIEW' });
  expect(again.repeatOf).toBeUndefined();
});
