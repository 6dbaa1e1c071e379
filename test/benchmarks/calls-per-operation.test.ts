// Partner API calls per business operation, counted from the simulator's journal (docs/benchmarks.md keeps the
// table). The API allows 240 calls per minute per operation, so every extra read is time at scale: a change here
// that adds a call fails this test, and the table and the expectation are updated together, on purpose.
import { WORKFLOW_CATALOG } from '../../workflows/catalog.js';
import { clientFor, journal } from '../helpers/simulator.js';
import { uniqueTaskQueue } from '../helpers/temporal.js';
import { control, seedCustomer, STD_CUSTOMER, startRunningWorld, type RunningWorld } from '../subscriptions/support.js';

let world: RunningWorld;
const taskQueue = uniqueTaskQueue('calls-per-operation');

beforeAll(async () => {
  world = await startRunningWorld(taskQueue);
});

afterAll(async () => {
  await world?.stop();
});

/** Runs a catalog workflow with `input` on a fresh journal; returns the calls it made, by operation, sorted. */
async function callsOf(type: string, input: Record<string, unknown>): Promise<Record<string, number>> {
  const entry = WORKFLOW_CATALOG.find((e) => e.type === type)!;
  const parsed = entry.parseInput(input);
  await control(world.sim, 'DELETE', '/journal');
  await world.env.client.workflow.execute(type, { taskQueue, workflowId: `${entry.workflowId(parsed, Date.now())}-${Math.random().toString(36).slice(2, 8)}`, args: [input] });
  const counts: Record<string, number> = {};
  for (const e of await journal(world.sim)) counts[e.operation] = (counts[e.operation] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * Measured 2026-11-30 (docs/benchmarks.md "Calls per business operation"). The change reads (listSubscriptions twice
 * for an immediate change, the expected 404 of getSubscriptionReservation, getUsageStatus three times for a cap) are
 * the known redundant reads of issue #14 item 1: when one is removed, lower the number here and in the doc.
 */
const PLANNING_READS = { getSubscriptionRenewal: 1, getSubscriptionReservation: 1, getUsageStatus: 1, listOptionProducts: 1, listSubscriptionPreOrders: 1, listSubscriptions: 1 };
const EXPECTED: Record<string, Record<string, number>> = {
  onboarding: { createCustomer: 1, listCustomers: 1, verifyDomain: 1 },
  'ADD_LICENSES now': { ...PLANNING_READS, listSubscriptions: 2, addLicenseCount: 1 },
  'REDUCE_LICENSES at renewal': { ...PLANNING_READS, patchSubscriptionRenewal: 1 },
  'CANCEL at renewal': { ...PLANNING_READS, patchSubscriptionRenewal: 1 },
  KEEP_AT_RENEWAL: PLANNING_READS,
  'userCap SET_NOW': { getUsageStatus: 3, patchUsageStatus: 1 },
};

async function stdCustomer() {
  await control(world.sim, 'POST', '/reset');
  const domainId = await seedCustomer(world.sim, STD_CUSTOMER);
  const sub = (await clientFor(world.sim).listSubscriptions(domainId)).subscriptions![0]!;
  return { domainId, subscriptionId: sub.subscriptionId };
}

test('onboarding a group-name customer', async () => {
  await control(world.sim, 'POST', '/reset');
  const counts = await callsOf('onboardCustomer', { ...(WORKFLOW_CATALOG.find((e) => e.type === 'onboardCustomer')!.example as object), domain: 'calls.by-works.com' });
  expect(counts).toEqual(EXPECTED.onboarding);
});

test.each([
  ['ADD_LICENSES now', { action: 'ADD_LICENSES', addLicenses: 5, when: 'now' }],
  ['REDUCE_LICENSES at renewal', { action: 'REDUCE_LICENSES', licenseCount: 8, when: 'renewal' }],
  ['CANCEL at renewal', { action: 'CANCEL', when: 'renewal' }],
  ['KEEP_AT_RENEWAL', { action: 'KEEP_AT_RENEWAL', when: 'renewal' }],
] as const)('changeSubscription %s', async (name, change) => {
  const { domainId, subscriptionId } = await stdCustomer();
  const counts = await callsOf('changeSubscription', { domainId, subscriptionId, requestId: 'calls', ...change });
  expect(counts).toEqual(EXPECTED[name]);
});

test('userCap SET_NOW', async () => {
  const { domainId } = await stdCustomer();
  const counts = await callsOf('userCap', { domainId, action: 'SET_NOW', maxMemberCount: 40 });
  expect(counts).toEqual(EXPECTED['userCap SET_NOW']);
});
