// ensureCustomer after the workflow's own lookup found nothing (issue #14 item 1): the first attempt creates without
// reading listCustomers again; any later attempt (an earlier one may have created the customer and ended unclearly)
// reads first and finds it. Activity unit tests (MockActivityEnvironment) against the simulator over real HTTP.
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createCustomerActivities } from '../../activities/customers.js';
import { clientFor, journal, startTestSimulator, type RunningSimulator } from '../helpers/simulator.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => sim?.app.close());

const request = (domain: string) => ({ domain, companyName: 'Lookup Inc.', phoneNumber: '0312345678', timeZone: 'Asia/Tokyo', locale: 'ja_JP' as const });
// A real attempt has a start-to-close deadline: writes are sent only when they can end inside it (activities/unclear-write.ts).
const attempt = (n: number) =>
  new MockActivityEnvironment({ attempt: n, startToCloseTimeoutMs: 180_000, currentAttemptScheduledTimestampMs: Date.now() }, { logger: new DefaultLogger('ERROR') });
const callsSince = async (from: number) => (await journal(sim)).slice(from).map((e) => e.operation);

test('the first attempt after the workflow found no customer creates it without a second listCustomers', async () => {
  const activities = createCustomerActivities({ client: clientFor(sim) });
  const from = (await journal(sim)).length;
  const result = await attempt(1).run(() => activities.ensureCustomer(request('lk-first.by-works.com'), { notFoundJustBefore: true }));
  expect(result).toMatchObject({ created: true, customer: { domain: 'lk-first.by-works.com' } });
  expect(await callsSince(from)).toEqual(['createCustomer']);
});

test('a retry reads first: the customer an earlier attempt created is found, not created twice', async () => {
  const activities = createCustomerActivities({ client: clientFor(sim) });
  await attempt(1).run(() => activities.ensureCustomer(request('lk-retry.by-works.com'), { notFoundJustBefore: true }));
  const from = (await journal(sim)).length;
  const retried = await attempt(2).run(() => activities.ensureCustomer(request('lk-retry.by-works.com'), { notFoundJustBefore: true }));
  expect(retried).toMatchObject({ created: false, customer: { domain: 'lk-retry.by-works.com' } });
  expect(await callsSince(from)).toEqual(['listCustomers']);
});

test('without the option every attempt reads before it creates', async () => {
  const activities = createCustomerActivities({ client: clientFor(sim) });
  const from = (await journal(sim)).length;
  await attempt(1).run(() => activities.ensureCustomer(request('lk-plain.by-works.com')));
  expect(await callsSince(from)).toEqual(['listCustomers', 'createCustomer']);
});
