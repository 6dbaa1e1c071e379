// Two different "+5 licenses" requests on one subscription at the same time: they run one after the other (the second
// waits its turn, its status naming the first's workflow ID), so both are applied and the count ends exact.
import { changeSubscription, subscriptionChangeStatusQuery, subscriptionChangeWorkflowId } from '../../workflows/index.js';
import { clientFor, journal } from '../helpers/simulator.js';
import { uniqueTaskQueue } from '../helpers/temporal.js';
import { control, seedCustomer, startRunningWorld, STD_CUSTOMER, type RunningWorld } from '../subscriptions/support.js';
import { eventually } from '../triggers/support.js';

const taskQueue = uniqueTaskQueue('concurrent-changes');
let world: RunningWorld;
beforeAll(async () => {
  world = await startRunningWorld(taskQueue);
});
afterAll(async () => world?.stop());

test('two concurrent +5 requests on a 10-license subscription: both applied, one after the other, 20 at the end', async () => {
  const { env, sim } = world;
  const domainId = await seedCustomer(sim, STD_CUSTOMER);
  const subscription = (await clientFor(sim).listSubscriptions(domainId)).subscriptions!.find((s) => s.productId === 'STD')!;
  expect(subscription.licenseCount).toBe(10);
  // The first add takes 3 s to answer: long enough for the second request to read the state meanwhile.
  await control(sim, 'POST', '/faults/addLicenseCount/next', { kind: 'slow', delayMs: 3_000 });

  const start = (requestId: string) =>
    env.client.workflow.start(changeSubscription, {
      taskQueue,
      workflowId: subscriptionChangeWorkflowId(domainId, requestId),
      args: [{ domainId, requestId, action: 'ADD_LICENSES', subscriptionId: subscription.subscriptionId, addLicenses: 5, when: 'now' }],
    });
  const first = await start('plus-five-a');
  await eventually(async () => ((await first.query(subscriptionChangeStatusQuery)).step === 'APPLYING' ? true : undefined), 'the first change applying', 200, 50);
  const second = await start('plus-five-b');
  const waiting = await eventually(async () => {
    const status = await second.query(subscriptionChangeStatusQuery);
    return status.step === 'WAITING_FOR_TURN' && status.waitingFor === first.workflowId ? status : undefined;
  }, 'the second change waiting for the first', 200, 50);
  expect(waiting.waitingFor).toBe(first.workflowId);

  const [a, b] = await Promise.all([first.result(), second.result()]);
  expect(a).toMatchObject({ outcome: 'APPLIED', applied: [{ operationId: 'addLicenseCount', outcome: 'APPLIED' }] });
  expect(b).toMatchObject({ outcome: 'APPLIED', applied: [{ operationId: 'addLicenseCount', outcome: 'APPLIED' }] });
  const after = (await clientFor(sim).listSubscriptions(domainId)).subscriptions!.find((s) => s.subscriptionId === subscription.subscriptionId)!;
  expect(after.licenseCount).toBe(20);
  expect((await journal(sim)).filter((e) => e.operation === 'addLicenseCount' && e.path.includes(`/${domainId}/`))).toHaveLength(2);
});
