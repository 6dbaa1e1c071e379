// The RESCHEDULE actions end to end: a real Temporal dev server and worker, the simulator over HTTP. Moving the date
// of a pre-order, a reservation and an option task: the simulator shows the new date and the journal one PATCH each;
// a date outside the window is refused naming `when` with no call; nothing scheduled ends NOT_POSSIBLE with no write.
import { WorkflowFailedError } from '@temporalio/client';
import { changeOption, changeSubscription, optionChangeWorkflowId, subscriptionChangeWorkflowId, type ChangeOptionInput, type ChangeSubscriptionInput } from '../../workflows/index.js';
import { addDays } from '../../domain/dates.js';
import { clientFor, journal } from '../helpers/simulator.js';
import { commitThenFail, seedCustomer, simToday, STD_CUSTOMER, useRunningWorld } from './support.js';

const world = useRunningWorld('reschedule');

function changeSub(input: ChangeSubscriptionInput) {
  const workflowId = subscriptionChangeWorkflowId(input.domainId, input.requestId);
  return world.env.client.workflow.execute(changeSubscription, { taskQueue: world.taskQueue, workflowId, args: [input] });
}

function changeOpt(input: ChangeOptionInput) {
  const workflowId = optionChangeWorkflowId(input.domainId, input.requestId);
  return world.env.client.workflow.execute(changeOption, { taskQueue: world.taskQueue, workflowId, args: [input] });
}

const calls = async (operation: string) => (await journal(world.sim)).filter((e) => e.operation === operation).map((e) => `${e.method} ${e.status}`);
const writesSince = async (count: number) => (await journal(world.sim)).slice(count).filter((e) => e.method !== 'GET');

const TRIAL_CUSTOMER = { domain: 'beta.example', companyName: 'Beta', activated: true, memberCount: 3, subscriptions: [{ productId: 'ROG_STD_T', plan: 'TRIAL_LICENSE', licenseCount: 3 }] };

async function stdSubscriptionId(domainId: number): Promise<number> {
  return (await clientFor(world.sim).listSubscriptions(domainId)).subscriptions!.find((s) => s.productId === 'STD')!.subscriptionId;
}

test('RESCHEDULE a pre-order: its date moves with one PATCH, even after a commit-then-fail (settle, re-read: already moved)', async () => {
  const domainId = await seedCustomer(world.sim, TRIAL_CUSTOMER);
  const today = await simToday(world.sim);
  await clientFor(world.sim).addSubscriptionPreOrder(domainId, { productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 5, applyDate: addDays(today, 10) });
  await commitThenFail(world.sim, 'patchSubscriptionPreOrder');
  const when = addDays(today, 14);
  const result = await changeSub({ domainId, requestId: 'move-pre', action: 'RESCHEDULE', productId: 'STD', when });
  expect(result).toMatchObject({ outcome: 'APPLIED', route: 'PRE_ORDER', applied: [{ operationId: 'patchSubscriptionPreOrder', outcome: 'ALREADY_APPLIED' }] });
  expect((await clientFor(world.sim).listSubscriptionPreOrders(domainId)).subscriptionPreOrders).toEqual([expect.objectContaining({ productId: 'STD', applyDate: when, licenseCount: 5 })]);
  // The one PATCH committed and answered 500; the retry settled, re-read the date and did not send again.
  expect(await calls('patchSubscriptionPreOrder')).toEqual(['PATCH 500']);
});

test('RESCHEDULE a reservation: the ADD_LICENSE reservation moves to the new date with one PATCH', async () => {
  const domainId = await seedCustomer(world.sim, STD_CUSTOMER);
  const subscriptionId = await stdSubscriptionId(domainId);
  const today = await simToday(world.sim);
  await clientFor(world.sim).addSubscriptionReservation(domainId, String(subscriptionId), { type: 'ADD_LICENSE', applyDate: addDays(today, 20), licenseCount: 7 });
  const when = addDays(today, 25);
  const result = await changeSub({ domainId, requestId: 'move-res', action: 'RESCHEDULE', subscriptionId, when });
  expect(result).toMatchObject({ outcome: 'APPLIED', route: 'RESERVATION', applied: [{ operationId: 'patchSubscriptionReservation', outcome: 'APPLIED' }] });
  expect(await clientFor(world.sim).getSubscriptionReservation(domainId, String(subscriptionId))).toMatchObject({ type: 'ADD_LICENSE', applyDate: when, licenseCount: 7 });
  expect(await calls('patchSubscriptionReservation')).toEqual(['PATCH 200']);
});

test('RESCHEDULE an option task: the APPLY task moves to the new date with one PATCH; the same date again is already done', async () => {
  const domainId = await seedCustomer(world.sim, STD_CUSTOMER);
  const today = await simToday(world.sim);
  await clientFor(world.sim).addOptionProductOrders(domainId, { optionProductId: 'ACV2', type: 'APPLY', subOptionId: 'ACV201', applyDate: addDays(today, 7) });
  const when = addDays(today, 9);
  const result = await changeOpt({ domainId, requestId: 'move-opt', action: 'RESCHEDULE', optionProductId: 'ACV2', when });
  expect(result).toMatchObject({ outcome: 'APPLIED', route: 'OPTION_ORDER', applied: [{ operationId: 'patchOptionProductOrder', outcome: 'APPLIED' }] });
  expect((await clientFor(world.sim).listOptionProductOrders(domainId)).optionProductOrders).toEqual([expect.objectContaining({ optionProductId: 'ACV2', type: 'APPLY', applyDate: when })]);
  expect(await calls('patchOptionProductOrder')).toHaveLength(1);

  const again = await changeOpt({ domainId, requestId: 'move-opt-again', action: 'RESCHEDULE', optionProductId: 'ACV2', when });
  expect(again.outcome).toBe('ALREADY_DONE');
  expect(await calls('patchOptionProductOrder')).toHaveLength(1);
});

test('a pre-order date outside the window is refused naming when, before any call', async () => {
  const domainId = await seedCustomer(world.sim, TRIAL_CUSTOMER);
  const today = await simToday(world.sim);
  await clientFor(world.sim).addSubscriptionPreOrder(domainId, { productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 5, applyDate: addDays(today, 10) });
  const before = (await journal(world.sim)).length;
  const error = await changeSub({ domainId, requestId: 'too-far', action: 'RESCHEDULE', productId: 'STD', when: addDays(today, 40) }).catch((err: unknown) => err);
  expect(error).toBeInstanceOf(WorkflowFailedError);
  const cause = (error as WorkflowFailedError).cause as { type?: string; details?: unknown[] };
  expect(cause.type).toBe('ERR_INVALID_INPUT');
  expect(cause.details).toEqual([expect.stringMatching(/^when .* is outside the pre-order window/)]);
  expect((await journal(world.sim)).length).toBe(before);
});

test('a reservation date outside its type window ends NOT_POSSIBLE naming when; nothing is written', async () => {
  const domainId = await seedCustomer(world.sim, STD_CUSTOMER);
  const subscriptionId = await stdSubscriptionId(domainId);
  const sub = (await clientFor(world.sim).listSubscriptions(domainId)).subscriptions!.find((s) => s.subscriptionId === subscriptionId)!;
  const today = await simToday(world.sim);
  await clientFor(world.sim).addSubscriptionReservation(domainId, String(subscriptionId), { type: 'ADD_LICENSE', applyDate: addDays(today, 20), licenseCount: 7 });
  const before = (await journal(world.sim)).length;
  // ADD_LICENSE may move up to the contract end (planEndDate), not past it.
  const result = await changeSub({ domainId, requestId: 'past-end', action: 'RESCHEDULE', subscriptionId, when: addDays(sub.planEndDate!, 1) });
  expect(result.outcome).toBe('NOT_POSSIBLE');
  expect(result.reason).toMatch(/^when .* is outside the ADD_LICENSE reservation window/);
  expect(await writesSince(before)).toEqual([]);
});

test('RESCHEDULE when nothing is scheduled ends NOT_POSSIBLE with no write', async () => {
  const domainId = await seedCustomer(world.sim, STD_CUSTOMER);
  const subscriptionId = await stdSubscriptionId(domainId);
  const when = addDays(await simToday(world.sim), 5);
  const before = (await journal(world.sim)).length;
  const reservation = await changeSub({ domainId, requestId: 'no-res', action: 'RESCHEDULE', subscriptionId, when });
  expect(reservation).toMatchObject({ outcome: 'NOT_POSSIBLE', applied: [] });
  expect(reservation.reason).toContain('has no pending reservation');
  const preOrder = await changeSub({ domainId, requestId: 'no-pre', action: 'RESCHEDULE', productId: 'ADV', when });
  expect(preOrder).toMatchObject({ outcome: 'NOT_POSSIBLE', applied: [] });
  expect(preOrder.reason).toContain('no pending pre-order of ADV');
  const task = await changeOpt({ domainId, requestId: 'no-task', action: 'RESCHEDULE', optionProductId: 'ACV2', when });
  expect(task).toMatchObject({ outcome: 'NOT_POSSIBLE', applied: [] });
  expect(task.reason).toContain('ACV2 has no scheduled task');
  expect(await writesSince(before)).toEqual([]);
});
