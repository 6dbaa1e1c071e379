// Partner API calls per business operation, counted from the simulator's journal (docs/benchmarks.md keeps the
// table). The API allows 240 calls per minute per operation, so every extra read is time at scale: a change here
// that adds a call fails this test, and the table and the expectation are updated together, on purpose.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities } from '../../activities/index.js';
import { createSubscriptionActivities } from '../../activities/subscriptions.js';
import { addDays, firstOfNextMonth } from '../../domain/dates.js';
import { WORKFLOW_CATALOG } from '../../workflows/catalog.js';
import { cancelScheduledChangeSignal, licenseRenewalStatusQuery, stopLicenseRenewalSignal, subscriptionChangeStatusQuery } from '../../workflows/index.js';
import { customerLockWorkflowId } from '../../workflows/index.js';
import { createWorker } from '../../workers/worker.js';
import { clientFor, journal, startTestSimulator, type RunningSimulator } from '../helpers/simulator.js';
import { bundleWorkflows, createLocalEnv, uniqueTaskQueue } from '../helpers/temporal.js';
import { control, seedCustomer, simToday, STD_CUSTOMER } from '../subscriptions/support.js';

const taskQueue = uniqueTaskQueue('calls-per-operation');
let env: TestWorkflowEnvironment;
let sim: RunningSimulator;
let bundle: WorkflowBundleWithSourceMap;
let worker: Worker;
let running: Promise<void>;
let reportsDir: string;

beforeAll(async () => {
  [env, bundle, sim, reportsDir] = await Promise.all([createLocalEnv(), bundleWorkflows(), startTestSimulator({ upgradeDurationMs: 0 }), mkdtemp(path.join(os.tmpdir(), 'calls-per-operation-'))]);
  const client = clientFor(sim);
  const reports = { dir: reportsDir, crmStateFile: path.join(reportsDir, 'crm-state.json') };
  worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    activities: { ...createActivities({ client, reports }), ...createSubscriptionActivities({ client, now: () => sim.clock.nowMs(), unclearWriteSettle: '1s' }) },
    workflowBundle: bundle,
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await sim?.app.close();
  await env?.teardown();
  await rm(reportsDir, { recursive: true, force: true });
});

const workflowIdOf = (type: string, input: Record<string, unknown>) => {
  const entry = WORKFLOW_CATALOG.find((e) => e.type === type)!;
  return `${entry.workflowId(entry.parseInput(input), Date.now())}-${Math.random().toString(36).slice(2, 8)}`;
};

/** The journal's calls by operation, sorted. */
async function counted(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const e of await journal(sim)) counts[e.operation] = (counts[e.operation] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

/** Runs a catalog workflow with `input` on a fresh journal; returns its result and the calls it made, by operation. */
async function callsOf(type: string, input: Record<string, unknown>): Promise<{ result: Record<string, unknown>; counts: Record<string, number> }> {
  await control(sim, 'DELETE', '/journal');
  const result = await env.client.workflow.execute(type, { taskQueue, workflowId: workflowIdOf(type, input), args: [input] });
  return { result: result as Record<string, unknown>, counts: await counted() };
}

/** A fresh world with one customer; its first subscription and today in the API's zone. */
async function customer(fields: Record<string, unknown> = {}) {
  await control(sim, 'POST', '/reset');
  const domainId = await seedCustomer(sim, { ...STD_CUSTOMER, ...fields });
  const sub = (await clientFor(sim).listSubscriptions(domainId)).subscriptions?.[0];
  return { domainId, subscriptionId: sub?.subscriptionId, today: await simToday(sim) };
}

/**
 * Measured 2026-11-30 (docs/benchmarks.md "Calls per business operation"). Planning reads one list of subscriptions
 * (with the renewal setting in it) and the usage status; the rest only where the action and timing can collide with
 * it (domain/subscriptions/subscription-reads.ts). The first write's exactly-once check shares the plan's read.
 */
const READ = { getUsageStatus: 1, listSubscriptions: 1 };
const EXPECTED: Record<string, Record<string, number>> = {
  onboarding: { createCustomer: 1, listCustomers: 1, verifyDomain: 1 },
  'ADD_LICENSES now': { ...READ, getSubscriptionReservation: 1, addLicenseCount: 1 },
  'ADD_LICENSES on a date': { ...READ, getSubscriptionReservation: 1, addSubscriptionReservation: 1 },
  'ADD_LICENSES at renewal': { ...READ, patchSubscriptionRenewal: 1 },
  'REDUCE_LICENSES at renewal': { ...READ, patchSubscriptionRenewal: 1 },
  'CHANGE_PLAN at renewal': { ...READ, patchSubscriptionRenewal: 1 },
  'DOWNGRADE at renewal': { ...READ, patchSubscriptionRenewal: 1 },
  // The upgrade finishes in the background: one more listSubscriptions sees it ACTIVE (the simulator finishes it at once).
  'UPGRADE now': { ...READ, getSubscriptionReservation: 1, listOptionProducts: 1, listSubscriptions: 2, upgradeSubscription: 1 },
  'UPGRADE at renewal': { ...READ, patchSubscriptionRenewal: 1 },
  'CANCEL now': { ...READ, getSubscriptionReservation: 1, listOptionProducts: 1, cancelSubscription: 1 },
  'CANCEL on a date': { ...READ, getSubscriptionReservation: 1, listOptionProducts: 1, addSubscriptionReservation: 1 },
  'CANCEL at renewal': { ...READ, listOptionProducts: 1, patchSubscriptionRenewal: 1 },
  KEEP_AT_RENEWAL: READ,
  'CONVERT_TO_PAID now': { ...READ, getSubscriptionReservation: 1, convertSubscriptionToPaid: 1 },
  'CONVERT_TO_PAID on a date': { ...READ, getSubscriptionReservation: 1, addSubscriptionReservation: 1 },
  'ADD_SUBSCRIPTION now': { ...READ, listSubscriptionPreOrders: 1, addSubscription: 1 },
  RESCHEDULE: { ...READ, getSubscriptionReservation: 1, listOptionProducts: 1, listSubscriptionPreOrders: 1, patchSubscriptionReservation: 1 },
  'userCap SET_NOW': { getUsageStatus: 1, patchUsageStatus: 1 },
};

/** The option reads: options in use, their scheduled tasks, subscriptions (with the base's renewal), usage status. */
const OPTION_READ = { getUsageStatus: 1, listOptionProductOrders: 1, listOptionProducts: 1, listSubscriptions: 1 };
/** And the base subscription's reservation (every change but a cancel); the option's renewal only for renewal-setting plans. */
const BASE = { getSubscriptionReservation: 1 };
const OPTION_EXPECTED: Record<string, Record<string, number>> = {
  'ADD now': { ...OPTION_READ, ...BASE, addOptionProduct: 1 },
  'ADD on a date': { ...OPTION_READ, ...BASE, addOptionProductOrders: 1 },
  'ADD_QUANTITY now': { ...OPTION_READ, ...BASE, addOptionProductQuantity: 1 },
  'UPGRADE now': { ...OPTION_READ, ...BASE, upgradeOptionProduct: 1 },
  'DOWNGRADE at renewal': { ...OPTION_READ, ...BASE, getOptionProductRenewal: 1, patchOptionProductRenewal: 1 },
  'CANCEL on a date': { ...OPTION_READ, addOptionProductOrders: 1 },
  'CANCEL now': { ...OPTION_READ, cancelOptionProduct: 1 },
  'UPGRADE on a date': { ...OPTION_READ, ...BASE, addOptionProductOrders: 1 },
  'ADD_QUANTITY on the 1st of next month': { ...OPTION_READ, ...BASE, getOptionProductRenewal: 1, addOptionProductOrders: 1 },
  'REDUCE_QUANTITY at renewal': { ...OPTION_READ, ...BASE, getOptionProductRenewal: 1, patchOptionProductRenewal: 1 },
};

test('onboarding a group-name customer', async () => {
  await control(sim, 'POST', '/reset');
  const { counts } = await callsOf('onboardCustomer', { ...(WORKFLOW_CATALOG.find((e) => e.type === 'onboardCustomer')!.example as object), domain: 'calls.by-works.com' });
  expect(counts).toEqual(EXPECTED.onboarding);
});

const TRIAL = { subscriptions: [{ productId: 'STD_T', plan: 'TRIAL' }] };
type Seeded = Awaited<ReturnType<typeof customer>>;

test.each<[string, Record<string, unknown>, (c: Seeded) => Record<string, unknown>, string]>([
  ['ADD_LICENSES now', {}, () => ({ action: 'ADD_LICENSES', addLicenses: 5, when: 'now' }), 'APPLIED'],
  ['ADD_LICENSES on a date', {}, (c) => ({ action: 'ADD_LICENSES', addLicenses: 5, when: addDays(c.today, 7) }), 'APPLIED'],
  ['ADD_LICENSES at renewal', {}, () => ({ action: 'ADD_LICENSES', addLicenses: 5, when: 'renewal' }), 'APPLIED'],
  ['REDUCE_LICENSES at renewal', {}, () => ({ action: 'REDUCE_LICENSES', licenseCount: 8, when: 'renewal' }), 'APPLIED'],
  ['CHANGE_PLAN at renewal', {}, () => ({ action: 'CHANGE_PLAN', plan: 'ANNUAL_PREPAY_LICENSE', when: 'renewal' }), 'APPLIED'],
  ['DOWNGRADE at renewal', { subscriptions: [{ productId: 'ADV', plan: 'ANNUAL_LICENSE', licenseCount: 10 }] }, () => ({ action: 'DOWNGRADE', productId: 'STD', when: 'renewal' }), 'APPLIED'],
  ['UPGRADE now', {}, () => ({ action: 'UPGRADE', productId: 'ADV', when: 'now' }), 'APPLIED'],
  ['UPGRADE at renewal', {}, () => ({ action: 'UPGRADE', productId: 'ADV', when: 'renewal' }), 'APPLIED'],
  ['CANCEL now', {}, () => ({ action: 'CANCEL', when: 'now' }), 'APPLIED'],
  ['CANCEL on a date', {}, (c) => ({ action: 'CANCEL', when: addDays(c.today, 7) }), 'APPLIED'],
  ['CANCEL at renewal', {}, () => ({ action: 'CANCEL', when: 'renewal' }), 'APPLIED'],
  ['KEEP_AT_RENEWAL', {}, () => ({ action: 'KEEP_AT_RENEWAL', when: 'renewal' }), 'ALREADY_DONE'],
  ['CONVERT_TO_PAID now', TRIAL, () => ({ action: 'CONVERT_TO_PAID', plan: 'ANNUAL_LICENSE', licenseCount: 10, when: 'now' }), 'APPLIED'],
  ['CONVERT_TO_PAID on a date', TRIAL, (c) => ({ action: 'CONVERT_TO_PAID', plan: 'ANNUAL_LICENSE', licenseCount: 10, when: addDays(c.today, 7) }), 'APPLIED'],
])('changeSubscription %s', async (name, seed, change, outcome) => {
  const c = await customer(seed);
  const { result, counts } = await callsOf('changeSubscription', { domainId: c.domainId, subscriptionId: c.subscriptionId, requestId: 'calls', ...change(c) });
  expect(result.outcome).toBe(outcome);
  expect(counts).toEqual(EXPECTED[name]);
});

test('changeSubscription ADD_SUBSCRIPTION now', async () => {
  const c = await customer({ subscriptions: [] });
  const { result, counts } = await callsOf('changeSubscription', { domainId: c.domainId, requestId: 'calls', action: 'ADD_SUBSCRIPTION', productId: 'STD_T', plan: 'TRIAL', when: 'now' });
  expect(result.outcome).toBe('APPLIED');
  expect(counts).toEqual(EXPECTED['ADD_SUBSCRIPTION now']);
});

test('changeSubscription UPGRADE on a date beyond what the API schedules: the plan reads, then a timer waits (no call while it waits)', async () => {
  const c = await customer();
  await control(sim, 'DELETE', '/journal');
  const input = { domainId: c.domainId, subscriptionId: c.subscriptionId, requestId: 'calls', action: 'UPGRADE', productId: 'ADV', when: addDays(c.today, 20) };
  const handle = await env.client.workflow.start('changeSubscription', { taskQueue, workflowId: workflowIdOf('changeSubscription', input), args: [input] });
  let step: string | undefined;
  for (let i = 0; i < 200 && step !== 'WAITING_FOR_DATE'; i++) {
    step = (await handle.query(subscriptionChangeStatusQuery).catch(() => undefined))?.step;
    if (step !== 'WAITING_FOR_DATE') await new Promise((r) => setTimeout(r, 100));
  }
  expect(step).toBe('WAITING_FOR_DATE');
  expect(await counted()).toEqual({ ...READ, getSubscriptionReservation: 1, listOptionProducts: 1 });
  await handle.signal(cancelScheduledChangeSignal);
  expect(await handle.result()).toMatchObject({ outcome: 'CALLED_OFF' });
});

test('changeSubscription RESCHEDULE of a pending ADD_LICENSE reservation', async () => {
  const c = await customer();
  await clientFor(sim).addSubscriptionReservation(c.domainId, String(c.subscriptionId), { type: 'ADD_LICENSE', applyDate: addDays(c.today, 7), licenseCount: 2 } as never);
  const { result, counts } = await callsOf('changeSubscription', { domainId: c.domainId, subscriptionId: c.subscriptionId, requestId: 'calls', action: 'RESCHEDULE', when: addDays(c.today, 9) });
  expect(result.outcome).toBe('APPLIED');
  // A reschedule reads every pending item; the date move's exactly-once check shares that read.
  expect(counts).toEqual(EXPECTED.RESCHEDULE);
});

test.each<[string, Array<Record<string, unknown>>, (c: Seeded) => Record<string, unknown>]>([
  ['ADD now', [], () => ({ action: 'ADD', optionProductId: 'SSTG2', subOptionId: 'SSTG201', when: 'now' })],
  ['ADD on a date', [], (c) => ({ action: 'ADD', optionProductId: 'ACV2', subOptionId: 'ACV201', when: addDays(c.today, 7) })],
  ['ADD_QUANTITY now', [{ optionProductId: 'CST_S', subOptionId: 'CST_S01', quantity: 2 }], () => ({ action: 'ADD_QUANTITY', optionProductId: 'CST_S', addQuantity: 3, when: 'now' })],
  ['UPGRADE now', [{ optionProductId: 'SSTG2', subOptionId: 'SSTG201' }], () => ({ action: 'UPGRADE', optionProductId: 'SSTG2', subOptionId: 'SSTG203', when: 'now' })],
  ['DOWNGRADE at renewal', [{ optionProductId: 'SSTG2', subOptionId: 'SSTG203' }], () => ({ action: 'DOWNGRADE', optionProductId: 'SSTG2', subOptionId: 'SSTG201', when: 'renewal' })],
  ['CANCEL on a date', [{ optionProductId: 'SSTG2', subOptionId: 'SSTG202' }], (c) => ({ action: 'CANCEL', optionProductId: 'SSTG2', when: addDays(c.today, 7) })],
  ['CANCEL now', [{ optionProductId: 'SSTG2', subOptionId: 'SSTG202' }], () => ({ action: 'CANCEL', optionProductId: 'SSTG2', when: 'now', proceedDespite: ['CANCELLATION_PENALTY'] })],
  ['UPGRADE on a date', [{ optionProductId: 'SSTG2', subOptionId: 'SSTG201' }], (c) => ({ action: 'UPGRADE', optionProductId: 'SSTG2', subOptionId: 'SSTG203', when: addDays(c.today, 7) })],
  ['ADD_QUANTITY on the 1st of next month', [{ optionProductId: 'CST_S', subOptionId: 'CST_S01', quantity: 2 }], (c) => ({ action: 'ADD_QUANTITY', optionProductId: 'CST_S', addQuantity: 3, when: firstOfNextMonth(c.today) })],
  ['REDUCE_QUANTITY at renewal', [{ optionProductId: 'CST_S', subOptionId: 'CST_S01', quantity: 5 }], () => ({ action: 'REDUCE_QUANTITY', optionProductId: 'CST_S', quantity: 3, when: 'renewal' })],
])('changeOption %s', async (name, options, change) => {
  const c = await customer({ options });
  const { result, counts } = await callsOf('changeOption', { domainId: c.domainId, requestId: 'calls', ...change(c) });
  expect(result.outcome).toBe('APPLIED');
  expect(counts).toEqual(OPTION_EXPECTED[name]);
});

test('userCap SET_NOW', async () => {
  const { domainId } = await customer();
  const { counts } = await callsOf('userCap', { domainId, action: 'SET_NOW', maxMemberCount: 40 });
  expect(counts).toEqual(EXPECTED['userCap SET_NOW']);
});

test('licenseRenewal: one decision (members + margin set as the renewal count)', async () => {
  await control(sim, 'POST', '/reset');
  const today = await simToday(sim);
  // A term that started almost a year ago: the renewal is days away, inside the lead time, so the run decides now.
  const domainId = await seedCustomer(sim, { ...STD_CUSTOMER, subscriptions: [{ productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 10, planStartDate: addDays(today, -360) }] });
  const subscriptionId = (await clientFor(sim).listSubscriptions(domainId)).subscriptions![0]!.subscriptionId;
  await control(sim, 'DELETE', '/journal');
  const input = { domainId, subscriptionId, leadDays: 14, marginPercent: 10 };
  const handle = await env.client.workflow.start('licenseRenewal', { taskQueue, workflowId: workflowIdOf('licenseRenewal', input), args: [input] });
  let step: string | undefined;
  for (let i = 0; i < 200 && step !== 'WAITING_FOR_RENEWAL'; i++) {
    step = (await handle.query(licenseRenewalStatusQuery).catch(() => undefined))?.step;
    if (step !== 'WAITING_FOR_RENEWAL') await new Promise((r) => setTimeout(r, 100));
  }
  expect((await handle.query(licenseRenewalStatusQuery)).decided).toMatchObject({ licenseCount: 9, outcome: 'APPLIED' });
  expect(await counted()).toEqual({ getUsageStatus: 1, listOptionProducts: 1, listSubscriptions: 1, patchSubscriptionRenewal: 1 });
  await handle.signal(stopLicenseRenewalSignal);
  await handle.result();
});

/** A fresh world with `n` customers on Standard; the clock a month on so last month has usages and an invoice. */
async function customers(n: number): Promise<void> {
  await control(sim, 'POST', '/reset');
  const list = Array.from({ length: n }, (_, i) => ({ ...STD_CUSTOMER, domain: `calls-${i}.example`, companyName: `Calls ${i}` }));
  const { domainIds } = await control<{ domainIds: number[] }>(sim, 'POST', '/seed', { customers: list });
  await forgetChanges(domainIds);
  await control(sim, 'POST', '/clock/advance', { days: 40 });
}

/**
 * The simulator's reset hands out the same domainIds again: end the turn locks earlier tests left for them, so each
 * test's customers are new to the service too (a lock remembers when its customer's last change ended).
 */
async function forgetChanges(domainIds: number[]): Promise<void> {
  for (const domainId of domainIds) {
    await env.client.workflow
      .getHandle(customerLockWorkflowId(domainId))
      .terminate('a new test customer')
      .catch(() => undefined);
  }
}

async function lastMonth(): Promise<{ year: number; month: number }> {
  const [y, m] = (await simToday(sim)).split('-').map(Number) as [number, number];
  return m === 1 ? { year: y - 1, month: 12 } : { year: y, month: m - 1 };
}

test('monthly report: 2 calls per customer (usages, option usages), 1 listCustomers per 30, the invoice and 1 detail page per 20', async () => {
  await customers(3);
  const { counts } = await callsOf('monthlyReport', await lastMonth());
  expect(counts).toEqual({ getCustomerUsages: 3, listCustomers: 1, listInvoiceDetails: 1, listInvoices: 1, listOptionProductUsages: 3 });
});

test('drift check: 1 listSubscriptions per customer, 1 listCustomers per 30', async () => {
  await customers(3);
  const { counts } = await callsOf('driftCheck', {});
  expect(counts).toEqual({ listCustomers: 1, listSubscriptions: 3 });
});

/** A bulk change of 3 customers chosen by product filter: its result and calls. */
async function bulkOf3(request: Record<string, unknown>, kind = 'subscription') {
  await customers(3);
  return callsOf('bulkChange', { batchId: `calls-${Date.now()}`, change: { kind, request }, customers: { productId: 'STD' } });
}

test('bulk option ADD now to every Standard customer: the change plans on the selection read, options read once', async () => {
  const { result, counts } = await bulkOf3({ action: 'ADD', optionProductId: 'SSTG2', subOptionId: 'SSTG201', when: 'now' }, 'option');
  expect(result).toMatchObject({ outcome: 'DONE', counts: { APPLIED: 3 } });
  expect(counts).toEqual({ addOptionProduct: 3, getSubscriptionReservation: 3, getUsageStatus: 3, listCustomers: 1, listOptionProductOrders: 3, listOptionProducts: 3, listSubscriptions: 3 });
});

test('bulk ADD_LICENSES now by product filter: the selection read is the only list read per customer (read after its last change)', async () => {
  const { result, counts } = await bulkOf3({ action: 'ADD_LICENSES', addLicenses: 1, when: 'now' });
  expect(result).toMatchObject({ outcome: 'DONE', counts: { APPLIED: 3 } });
  expect(counts).toEqual({ addLicenseCount: 3, getSubscriptionReservation: 3, getUsageStatus: 3, listCustomers: 1, listSubscriptions: 3 });
});

test('an add handed a list read before another change of ours ended reads the list under its turn: both adds land', async () => {
  const c = await customer();
  await forgetChanges([c.domainId]);
  const client = clientFor(sim);
  const handedList = (await client.listSubscriptions(c.domainId)).subscriptions!;
  const readAtMs = Date.now();
  const before = handedList[0]!.licenseCount!;
  const add = (requestId: string, handed?: unknown) => {
    const input = { domainId: c.domainId, subscriptionId: c.subscriptionId, action: 'ADD_LICENSES', addLicenses: 5, when: 'now', requestId };
    return env.client.workflow.execute('changeSubscription', { taskQueue, workflowId: workflowIdOf('changeSubscription', input), args: handed ? [input, handed] : [input] }) as Promise<{ outcome: string }>;
  };
  // Another change of ours adds 5 after the selection read the list, and ends (releases the customer's turn).
  expect((await add('other-add')).outcome).toBe('APPLIED');
  await control(sim, 'DELETE', '/journal');
  expect((await add('handed-after-other', { subscriptions: handedList, readAtMs })).outcome).toBe('APPLIED');
  expect((await counted()).listSubscriptions).toBe(1);
  expect((await client.listSubscriptions(c.domainId)).subscriptions![0]!.licenseCount).toBe(before + 10);
});

test('bulk REDUCE_LICENSES at renewal by product filter: the selection read is the only list read per customer', async () => {
  const { result, counts } = await bulkOf3({ action: 'REDUCE_LICENSES', licenseCount: 9, when: 'renewal' });
  expect(result).toMatchObject({ outcome: 'DONE', counts: { APPLIED: 3 } });
  expect(counts).toEqual({ getUsageStatus: 3, listCustomers: 1, listSubscriptions: 3, patchSubscriptionRenewal: 3 });
});

test('a change handed a subscription plans on it while fresh; handed one read too long ago, it reads the list itself', async () => {
  const c = await customer();
  const subscription = (await clientFor(sim).listSubscriptions(c.domainId)).subscriptions![0]!;
  const request = { domainId: c.domainId, subscriptionId: c.subscriptionId, action: 'REDUCE_LICENSES', licenseCount: 9, when: 'renewal' };
  const run = async (requestId: string, readAtMs: number) => {
    await control(sim, 'DELETE', '/journal');
    const input = { ...request, requestId };
    const result = await env.client.workflow.execute('changeSubscription', { taskQueue, workflowId: workflowIdOf('changeSubscription', input), args: [input, { subscriptions: [subscription], readAtMs }] });
    return { result: result as { outcome: string }, counts: await counted() };
  };
  const fresh = await run('handed-fresh', Date.now());
  expect(fresh.result.outcome).toBe('APPLIED');
  expect(fresh.counts).toEqual({ getUsageStatus: 1, patchSubscriptionRenewal: 1 });
  const stale = await run('handed-stale', Date.now() - 5 * 60_000);
  expect(stale.result.outcome).toBe('ALREADY_DONE');
  expect(stale.counts).toEqual({ getUsageStatus: 1, listSubscriptions: 1 });
});

test('an add handed a list older than another add plans on what it reads under its turn: both adds land', async () => {
  const c = await customer();
  const client = clientFor(sim);
  const handedList = (await client.listSubscriptions(c.domainId)).subscriptions!;
  const before = handedList[0]!.licenseCount!;
  // Another change adds 5 after the bulk selection read the list and before this change takes its turn.
  await client.addLicenseCount(c.domainId, String(c.subscriptionId), { addLicenseCount: 5 });
  const input = { domainId: c.domainId, subscriptionId: c.subscriptionId, action: 'ADD_LICENSES', addLicenses: 5, when: 'now', requestId: 'handed-add' };
  const result = (await env.client.workflow.execute('changeSubscription', {
    taskQueue,
    workflowId: workflowIdOf('changeSubscription', input),
    args: [input, { subscriptions: handedList, readAtMs: Date.now() }],
  })) as { outcome: string };
  expect(result.outcome).toBe('APPLIED');
  const after = (await client.listSubscriptions(c.domainId)).subscriptions![0]!.licenseCount;
  expect(after).toBe(before + 10);
});
