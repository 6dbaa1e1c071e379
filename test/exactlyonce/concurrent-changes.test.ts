// Two different "+5 licenses" requests on one subscription at the same time: they run one after the other (the second
// waits its turn, its status naming the first's workflow ID), so both are applied and the count ends exact. User-cap
// changes take the same per-customer turn as subscription and option changes.
import { createActivities } from '../../activities/index.js';
import { createSubscriptionActivities } from '../../activities/subscriptions.js';
import { changeSubscription, subscriptionChangeStatusQuery, subscriptionChangeWorkflowId, userCap, userCapStatusQuery, userCapWorkflowId } from '../../workflows/index.js';
import { holdable } from '../helpers/hold.js';
import { clientFor, journal } from '../helpers/simulator.js';
import { uniqueTaskQueue } from '../helpers/temporal.js';
import { seedCustomer, startRunningWorld, STD_CUSTOMER, type RunningWorld } from '../subscriptions/support.js';
import { eventually } from '../triggers/support.js';

const taskQueue = uniqueTaskQueue('concurrent-changes');
let world: RunningWorld;
// The writes, each of which a test can hold in flight (the real activities, built at call time: the simulator runs by then).
const plannedCall = holdable((...args: Parameters<ReturnType<typeof createSubscriptionActivities>['applyPlannedCall']>) =>
  createSubscriptionActivities({ client: clientFor(world.sim), now: () => world.sim.clock.nowMs(), unclearWriteSettle: '1s' }).applyPlannedCall(...args),
);
const capWrite = holdable((...args: Parameters<ReturnType<typeof createActivities>['applyUserCap']>) => createActivities({ client: clientFor(world.sim) }).applyUserCap(...args));
beforeAll(async () => {
  world = await startRunningWorld(taskQueue, { applyPlannedCall: plannedCall.call, applyUserCap: capWrite.call });
});
afterAll(async () => world?.stop());

test('two concurrent +5 requests on a 10-license subscription: both applied, one after the other, 20 at the end', async () => {
  const { env, sim } = world;
  const domainId = await seedCustomer(sim, STD_CUSTOMER);
  const subscription = (await clientFor(sim).listSubscriptions(domainId)).subscriptions!.find((s) => s.productId === 'STD')!;
  expect(subscription.licenseCount).toBe(10);
  // The first add is held in flight until the second request has been seen waiting: long enough for the second
  // request to read the state meanwhile, were it not waiting its turn.
  const firstWrite = plannedCall.hold();

  const start = (requestId: string) =>
    env.client.workflow.start(changeSubscription, {
      taskQueue,
      workflowId: subscriptionChangeWorkflowId(domainId, requestId),
      args: [{ domainId, requestId, action: 'ADD_LICENSES', subscriptionId: subscription.subscriptionId, addLicenses: 5, when: 'now' }],
    });
  const first = await start('plus-five-a');
  await eventually(async () => (firstWrite.entered() && (await first.query(subscriptionChangeStatusQuery)).step === 'APPLYING' ? true : undefined), 'the first change applying');
  const second = await start('plus-five-b');
  const waiting = await eventually(async () => {
    const status = await second.query(subscriptionChangeStatusQuery);
    return status.step === 'WAITING_FOR_TURN' && status.waitingFor === first.workflowId ? status : undefined;
  }, 'the second change waiting for the first');
  expect(waiting.waitingFor).toBe(first.workflowId);
  firstWrite.release();

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
  // The cap write is held in flight: the license change is asked for meanwhile.
  const capInFlight = capWrite.hold();
  const cap = await env.client.workflow.start(userCap, {
    taskQueue,
    workflowId: userCapWorkflowId(domainId),
    args: [{ domainId, action: 'SET_NOW', maxMemberCount: 40 }],
  });
  await eventually(async () => (capInFlight.entered() && (await cap.query(userCapStatusQuery)).step === 'WRITING' ? true : undefined), 'the cap change writing');
  const licenses = await env.client.workflow.start(changeSubscription, {
    taskQueue,
    workflowId: subscriptionChangeWorkflowId(domainId, 'after-cap'),
    args: [{ domainId, requestId: 'after-cap', action: 'ADD_LICENSES', subscriptionId: subscription.subscriptionId, addLicenses: 2, when: 'now' }],
  });
  await eventually(async () => {
    const status = await licenses.query(subscriptionChangeStatusQuery);
    return status.step === 'WAITING_FOR_TURN' && status.waitingFor === cap.workflowId ? true : undefined;
  }, 'the license change waiting for the cap change');

  // And a second cap change asked for while the license change holds the turn (its write held in flight) waits for
  // that one.
  const licensesInFlight = plannedCall.hold();
  capInFlight.release();
  expect(await cap.result()).toMatchObject({ outcome: 'APPLIED', calls: ['patchUsageStatus'] });
  await eventually(async () => (licensesInFlight.entered() && (await licenses.query(subscriptionChangeStatusQuery)).step === 'APPLYING' ? true : undefined), 'the license change applying');
  const secondCap = await env.client.workflow.start(userCap, {
    taskQueue,
    workflowId: `${userCapWorkflowId(domainId)}/second`,
    args: [{ domainId, action: 'SET_NOW', maxMemberCount: 50 }],
  });
  const waiting = await eventually(async () => {
    const status = await secondCap.query(userCapStatusQuery);
    return status.step === 'WAITING_FOR_TURN' && status.waitingFor === licenses.workflowId ? status : undefined;
  }, 'the second cap change waiting for the license change');
  expect(waiting.waitingFor).toBe(licenses.workflowId);
  licensesInFlight.release();

  expect(await licenses.result()).toMatchObject({ outcome: 'APPLIED', applied: [{ operationId: 'addLicenseCount', outcome: 'APPLIED' }] });
  expect(await secondCap.result()).toMatchObject({ outcome: 'APPLIED', before: { maxMemberCount: 40 }, after: { maxMemberCount: 50 } });
  const writes = (await journal(sim)).filter((e) => e.path.includes(`/${domainId}/`) && e.method !== 'GET').map((e) => e.operation);
  expect(writes).toEqual(['patchUsageStatus', 'addLicenseCount', 'patchUsageStatus']);
});
