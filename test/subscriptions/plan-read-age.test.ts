// The first write of a change may take the plan's read as current (one listSubscriptions, not two) only while that read
// is recent, and "recent" counts from when the read ran, which the read activity reports: not from the workflow task
// that received it, which a worker that died in between makes later. A worker whose read reports a time 5 minutes back
// stands for that case: its write reads the list again. Real dev server, simulator over HTTP.
import { createSubscriptionActivities } from '../../activities/subscriptions.js';
import { clientFor, journal } from '../helpers/simulator.js';
import { uniqueTaskQueue } from '../helpers/temporal.js';
import { control, seedCustomer, startWorker, STD_CUSTOMER, useServerAndSimulator } from './support.js';

const world = useServerAndSimulator();

/** Adds 5 licenses with a worker whose planning read reports it ran `readAgoMs` ago; the calls it made and the count. */
async function addFive(name: string, readAgoMs: number) {
  const { env, bundle, sim } = world;
  // A customer of its own: each test's worker has its own task queue, and a customer's turn lock lives on the queue of
  // the change that started it.
  const domainId = await seedCustomer(sim, { ...STD_CUSTOMER, domain: `${name}.example` });
  const client = clientFor(sim);
  const subscriptionId = (await client.listSubscriptions(domainId)).subscriptions![0]!.subscriptionId;
  const subscriptions = createSubscriptionActivities({ client, now: () => sim.clock.nowMs(), unclearWriteSettle: '1s' });
  const taskQueue = uniqueTaskQueue(name);
  const worker = await startWorker(env, bundle, sim, taskQueue, undefined, {
    readSubscriptionState: async (...args: Parameters<typeof subscriptions.readSubscriptionState>) => {
      const state = await subscriptions.readSubscriptionState(...args);
      return { ...state, readAtMs: state.readAtMs! - readAgoMs };
    },
  });
  await control(sim, 'DELETE', '/journal');
  const input = { domainId, subscriptionId, action: 'ADD_LICENSES', addLicenses: 5, when: 'now', requestId: name };
  const result = await worker.runUntil(env.client.workflow.execute('changeSubscription', { taskQueue, workflowId: `plan-read-age/${name}`, args: [input] }));
  const lists = (await journal(sim)).filter((e) => e.operation === 'listSubscriptions').length;
  const count = (await client.listSubscriptions(domainId)).subscriptions![0]!.licenseCount;
  return { result: result as { outcome: string }, lists, count };
}

test('a read that just ran is shared by the first write: one listSubscriptions', async () => {
  const fresh = await addFive('fresh', 0);
  expect(fresh).toEqual({ result: expect.objectContaining({ outcome: 'APPLIED' }), lists: 1, count: 15 });
});

test('a read that ran 5 minutes before the workflow went on is not shared: the write lists again, and adds once', async () => {
  const old = await addFive('old', 5 * 60_000);
  expect(old).toEqual({ result: expect.objectContaining({ outcome: 'APPLIED' }), lists: 2, count: 15 });
});
