// Two different "+5 licenses" requests on one subscription at the same time: they run one after the other (the second
// waits its turn, its status naming the first's workflow ID), so both are applied and the count ends exact. User-cap
// changes take the same per-customer turn as subscription and option changes.
import { changeSubscription, subscriptionChangeStatusQuery, subscriptionChangeWorkflowId, userCap, userCapStatusQuery, userCapWorkflowId } from '../../workflows/index.js';
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

test('a user-cap change and a license change on one customer at once: the second waits its turn, both land, in order', async () => {
  const { env, sim } = world;
  const domainId = await seedCustomer(sim, { ...STD_CUSTOMER, domain: 'cap-and-licenses.example' });
  const subscription = (await clientFor(sim).listSubscriptions(domainId)).subscriptions!.find((s) => s.productId === 'STD')!;
  // The cap write takes 3 s to answer: the license change is asked for meanwhile.
  await control(sim, 'POST', '/faults/patchUsageStatus/next', { kind: 'slow', delayMs: 3_000 });
  const cap = await env.client.workflow.start(userCap, {
    taskQueue,
    workflowId: userCapWorkflowId(domainId),
    args: [{ domainId, action: 'SET_NOW', maxMemberCount: 40 }],
  });
  await eventually(async () => ((await cap.query(userCapStatusQuery)).step === 'WRITING' ? true : undefined), 'the cap change writing', 200, 50);
  const licenses = await env.client.workflow.start(changeSubscription, {
    taskQueue,
    workflowId: subscriptionChangeWorkflowId(domainId, 'after-cap'),
    args: [{ domainId, requestId: 'after-cap', action: 'ADD_LICENSES', subscriptionId: subscription.subscriptionId, addLicenses: 2, when: 'now' }],
  });
  await eventually(async () => {
    const status = await licenses.query(subscriptionChangeStatusQuery);
    return status.step === 'WAITING_FOR_TURN' && status.waitingFor === cap.workflowId ? true : undefined;
  }, 'the license change waiting for the cap change', 200, 50);

  // And a second cap change asked for while the license change holds the turn waits for that one.
  await control(sim, 'POST', '/faults/addLicenseCount/next', { kind: 'slow', delayMs: 3_000 });
  expect(await cap.result()).toMatchObject({ outcome: 'APPLIED', calls: ['patchUsageStatus'] });
  await eventually(async () => ((await licenses.query(subscriptionChangeStatusQuery)).step === 'APPLYING' ? true : undefined), 'the license change applying', 200, 50);
  const secondCap = await env.client.workflow.start(userCap, {
    taskQueue,
    workflowId: `${userCapWorkflowId(domainId)}/second`,
    args: [{ domainId, action: 'SET_NOW', maxMemberCount: 50 }],
  });
  const waiting = await eventually(async () => {
    const status = await secondCap.query(userCapStatusQuery);
    return status.step === 'WAITING_FOR_TURN' && status.waitingFor === licenses.workflowId ? status : undefined;
  }, 'the second cap change waiting for the license change', 200, 50);
  expect(waiting.waitingFor).toBe(licenses.workflowId);

  expect(await licenses.result()).toMatchObject({ outcome: 'APPLIED', applied: [{ operationId: 'addLicenseCount', outcome: 'APPLIED' }] });
  expect(await secondCap.result()).toMatchObject({ outcome: 'APPLIED', before: { maxMemberCount: 40 }, after: { maxMemberCount: 50 } });
  const writes = (await journal(sim)).filter((e) => e.path.includes(`/${domainId}/`) && e.method !== 'GET').map((e) => e.operation);
  expect(writes).toEqual(['patchUsageStatus', 'addLicenseCount', 'patchUsageStatus']);
});
