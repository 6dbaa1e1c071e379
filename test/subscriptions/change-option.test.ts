// changeOption and the calendar end to end: a real Temporal dev server and worker, the simulator over HTTP. The
// additive option calls (buy, add-quantity, scheduled task) are hit with "commit then fail" faults.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { listScheduledChanges } from '../../activities/calendar.js';
import { WorkflowFailedError } from '@temporalio/client';
import { calendarTable, changeOption, licenseRenewal, optionChangeWorkflowId, scheduledChangesCalendar, type ChangeOptionInput, type LicenseRenewalInput } from '../../workflows/index.js';
import { addDays, firstOfNextMonth } from '../../domain/dates.js';
import { clientFor, journal, type RunningSimulator } from '../helpers/simulator.js';
import { uniqueTaskQueue } from '../helpers/temporal.js';
import { commitThenFail, control, seedCustomer, simToday, STD_CUSTOMER, startRunningWorld } from './support.js';

let env: TestWorkflowEnvironment;
let sim: RunningSimulator;
let stop: (() => Promise<void>) | undefined;
const taskQueue = uniqueTaskQueue('option-change');

beforeAll(async () => {
  ({ env, sim, stop } = await startRunningWorld(taskQueue));
});

afterAll(async () => {
  await stop?.();
});

beforeEach(async () => {
  await control(sim, 'POST', '/reset');
});

function run(input: ChangeOptionInput) {
  return env.client.workflow.execute(changeOption, { taskQueue, workflowId: optionChangeWorkflowId(input.domainId, input.requestId), args: [input] });
}

async function option(domainId: number, optionProductId: string) {
  return ((await clientFor(sim).listOptionProducts(domainId)).optionProducts ?? []).find((o) => o.optionProductId === optionProductId);
}

test('ADD now: a commit-then-fail on the buy still leaves exactly one option', async () => {
  const domainId = await seedCustomer(sim, STD_CUSTOMER);
  await commitThenFail(sim, 'addOptionProduct');
  const result = await run({ domainId, requestId: 'buy', action: 'ADD', optionProductId: 'SSTG2', subOptionId: 'SSTG201', when: 'now' });
  expect(result).toMatchObject({ outcome: 'APPLIED', route: 'IMMEDIATE', applied: [{ operationId: 'addOptionProduct', outcome: 'ALREADY_APPLIED' }] });
  expect(await option(domainId, 'SSTG2')).toMatchObject({ subOptionId: 'SSTG201' });
  expect((await journal(sim)).filter((e) => e.operation === 'addOptionProduct').map((e) => e.status)).toEqual([500]);
});

test('ADD_QUANTITY now: a commit-then-fail on add-quantity still adds exactly once', async () => {
  const domainId = await seedCustomer(sim, { ...STD_CUSTOMER, options: [{ optionProductId: 'CST_S', subOptionId: 'CST_S01', quantity: 2 }] });
  await commitThenFail(sim, 'addOptionProductQuantity', 'drop');
  const result = await run({ domainId, requestId: 'qty', action: 'ADD_QUANTITY', optionProductId: 'CST_S', addQuantity: 3, when: 'now' });
  expect(result).toMatchObject({ outcome: 'APPLIED', applied: [{ outcome: 'ALREADY_APPLIED' }] });
  expect((await option(domainId, 'CST_S'))?.quantity).toBe(5);
});

test('ADD on a date: one scheduled APPLY task despite a commit-then-fail; the same change again is already done', async () => {
  const domainId = await seedCustomer(sim, STD_CUSTOMER);
  const when = addDays(await simToday(sim), 7);
  await commitThenFail(sim, 'addOptionProductOrders');
  const input = { domainId, requestId: 'later-buy', action: 'ADD' as const, optionProductId: 'ACV2', subOptionId: 'ACV201', when };
  expect(await run(input)).toMatchObject({ outcome: 'APPLIED', route: 'OPTION_ORDER', applied: [{ outcome: 'ALREADY_APPLIED' }] });
  const orders = (await clientFor(sim).listOptionProductOrders(domainId)).optionProductOrders ?? [];
  expect(orders).toEqual([expect.objectContaining({ optionProductId: 'ACV2', type: 'APPLY', applyDate: when })]);
  expect((await run({ ...input, requestId: 'later-buy-2' })).outcome).toBe('ALREADY_DONE');
});

test('CANCEL now of an annual option needs consent for the penalty; at renewal it is a CANCEL task', async () => {
  const domainId = await seedCustomer(sim, { ...STD_CUSTOMER, options: [{ optionProductId: 'SSTG2', subOptionId: 'SSTG202' }] });
  const blocked = await run({ domainId, requestId: 'c1', action: 'CANCEL', optionProductId: 'SSTG2', when: 'now' });
  expect(blocked.blockedBy?.map((c) => c.kind)).toEqual(['CANCELLATION_PENALTY']);
  expect(await option(domainId, 'SSTG2')).toBeDefined();
  const atRenewal = await run({ domainId, requestId: 'c2', action: 'CANCEL', optionProductId: 'SSTG2', when: 'renewal' });
  const planEnd = (await option(domainId, 'SSTG2'))!.planEndDate;
  expect(atRenewal).toMatchObject({ outcome: 'APPLIED', route: 'OPTION_ORDER', plan: { effectiveDate: addDays(planEnd, 1) } });
});

test('DOWNGRADE of storage at renewal sets the renewal CHANGE and warns about the fallback to STAY', async () => {
  const domainId = await seedCustomer(sim, { ...STD_CUSTOMER, options: [{ optionProductId: 'SSTG2', subOptionId: 'SSTG203' }] });
  const result = await run({ domainId, requestId: 'down', action: 'DOWNGRADE', optionProductId: 'SSTG2', subOptionId: 'SSTG201', when: 'renewal' });
  expect(result).toMatchObject({ outcome: 'APPLIED', route: 'AT_RENEWAL' });
  expect(result.plan.effects.join(' ')).toContain('falls back to STAY');
  expect(await clientFor(sim).getOptionProductRenewal(domainId, 'SSTG2')).toMatchObject({ type: 'CHANGE', subOptionId: 'SSTG201' });
});

test('the calendar lists every kind of pending scheduled change across customers, by date', async () => {
  const api = clientFor(sim);
  const today = await simToday(sim);
  const a = await seedCustomer(sim, { ...STD_CUSTOMER, options: [{ optionProductId: 'CST_S', subOptionId: 'CST_S01', quantity: 2 }, { optionProductId: 'SSTG2', subOptionId: 'SSTG203' }] });
  const b = await seedCustomer(sim, { domain: 'beta.example', companyName: 'Beta', activated: true, subscriptions: [{ productId: 'ROG_STD_T', plan: 'TRIAL_LICENSE', licenseCount: 1 }] });
  const sub = (await api.listSubscriptions(a)).subscriptions![0]!;
  await api.addSubscriptionReservation(a, String(sub.subscriptionId), { type: 'ADD_LICENSE', applyDate: addDays(today, 3), licenseCount: 2 });
  await api.patchSubscriptionRenewal(a, String(sub.subscriptionId), { type: 'CHANGE', productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 12 });
  await api.patchOptionProductRenewal(a, 'SSTG2', { type: 'CHANGE', subOptionId: 'SSTG201' });
  await api.addOptionProductOrders(a, { optionProductId: 'CST_S', subOptionId: 'CST_S01', type: 'CHANGE_QUANTITY', quantity: 4, applyDate: firstOfNextMonth(today) });
  await api.addUsageStatusRenewal(a, { applyDate: addDays(today, 9), maxMemberCount: 50 });
  await api.addSubscriptionPreOrder(b, { applyDate: addDays(today, 5), productId: 'STD', plan: 'MONTHLY' });
  await api.patchUsageStatus(b, { maxMemberCount: null, withdrawalDate: addDays(today, 20) });

  const entries = await env.client.workflow.execute(scheduledChangesCalendar, { taskQueue, workflowId: `calendar-${today}-${Date.now()}`, args: [{}] });
  expect(entries.map((e) => `${e.domainId} ${e.kind}`).sort()).toEqual(
    [`${a} RESERVATION`, `${a} RENEWAL_CHANGE`, `${a} OPTION_RENEWAL_CHANGE`, `${a} OPTION_ORDER`, `${a} USER_CAP_CHANGE`, `${b} PRE_ORDER`, `${b} TENANT_CANCELLATION`].sort(),
  );
  expect(entries.map((e) => e.date)).toEqual([...entries.map((e) => e.date)].sort());
  expect(entries.find((e) => e.kind === 'RENEWAL_CHANGE')).toMatchObject({ date: addDays(sub.planEndDate!, 1), detail: expect.stringContaining('licenses 12') });
  expect(entries.find((e) => e.kind === 'USER_CAP_CHANGE')?.detail).toBe('user cap none -> 50');

  // The same rows straight from the activity function for one customer (what scripts/calendar.ts prints), as a table.
  const direct = await listScheduledChanges(api, [a]);
  expect(direct).toEqual(entries.filter((e) => e.domainId === a).map(({ domain: _domain, ...e }) => e));
  expect(calendarTable(direct).split('\n')[0]).toMatch(/^date\s+domainId\s+domain\s+kind\s+subject\s+detail$/);
});

test('changeOption, licenseRenewal and the calendar reject an invalid input with ERR_INVALID_INPUT naming each field', async () => {
  const failure = async (p: Promise<unknown>) => {
    const error = await p.catch((err: unknown) => err);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    return (error as WorkflowFailedError).cause as unknown as { type: string; details: string[] };
  };
  const option = await failure(run({ domainId: 1, requestId: 'x', action: 'ADD_QUANTITY', when: 'now', optionProductId: 'CST_S', addQuantity: -2 } as ChangeOptionInput));
  expect(option).toMatchObject({ type: 'ERR_INVALID_INPUT', details: ['addQuantity is required (a positive integer)'] });
  const renewal = await failure(
    env.client.workflow.execute(licenseRenewal, { taskQueue, workflowId: 'license-renewal/bad', args: [{ domainId: 1, marginPercent: -5 } as LicenseRenewalInput] }),
  );
  expect(renewal).toMatchObject({ type: 'ERR_INVALID_INPUT', details: ['subscriptionId is required (a positive integer)', 'marginPercent must be an integer from 0 to 1000'] });
  const calendar = await failure(env.client.workflow.execute(scheduledChangesCalendar, { taskQueue, workflowId: 'calendar-bad', args: [{ domainIds: ['x'] } as never] }));
  expect(calendar).toMatchObject({ type: 'ERR_INVALID_INPUT', details: ['domainIds must be an array of positive integers'] });
});
