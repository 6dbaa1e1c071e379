// User cap end to end: a real Temporal dev server and worker, the simulator over HTTP. One worker on one task queue
// serves the whole file: cap changes take the customer's turn from its lock workflow (workflows/customer-lock.ts),
// which lives on the queue of the run that started it, as in production (one queue), so a re-run finds it served.
import { WorkflowFailedError } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities/index.js';
import { createWorker } from '../../workers/worker.js';
import { userCap, userCapWorkflowId, type UserCapInput, type UserCapResult } from '../../workflows/index.js';
import { clientFor } from '../helpers/simulator.js';
import { uniqueTaskQueue } from '../helpers/temporal.js';
import { calls, failureOf, plusDays, queueFault, resetSimulator, seedCustomer, simulatorToday, startLifecycleEnv, stopLifecycleEnv, type LifecycleEnv } from './lifecycle-support.js';

let ctx: LifecycleEnv;
let worker: Worker;
let workerRunning: Promise<void>;
const taskQueue = uniqueTaskQueue('user-cap');
beforeAll(async () => {
  ctx = await startLifecycleEnv();
  worker = await createWorker({
    connection: ctx.env.nativeConnection,
    namespace: ctx.env.namespace ?? 'default',
    taskQueue,
    // A short settle delay keeps commit-then-fail tests fast; production waits UNCLEAR_WRITE_SETTLE.
    activities: createActivities({ client: clientFor(ctx.simulator), unclearWriteSettle: '1s' }),
    workflowBundle: ctx.bundle,
  });
  workerRunning = worker.run();
});
afterAll(async () => {
  if (worker?.getState() === 'RUNNING') worker.shutdown();
  await workerRunning;
  await stopLifecycleEnv(ctx);
});
beforeEach(() => resetSimulator(ctx.simulator));

const WRITES = ['patchUsageStatus', 'addUsageStatusRenewal', 'patchUsageStatusRenewal', 'deleteUsageStatusRenewal'];

function run(input: UserCapInput): Promise<UserCapResult> {
  return ctx.env.client.workflow.execute(userCap, { taskQueue, workflowId: userCapWorkflowId(input.domainId), args: [input] });
}

function usageOf(domainId: number) {
  return ctx.simulator.state.usage.get(domainId)!;
}

test('setting the cap now keeps the scheduled cancellation date (both fields sent, as the spec examples do)', async () => {
  const { domainId } = seedCustomer(ctx.simulator, 'cap-now.example', { memberCount: 3 });
  const withdrawal = plusDays(await simulatorToday(ctx.simulator), 40);
  usageOf(domainId).withdrawalDate = withdrawal;

  const result = await run({ domainId, action: 'SET_NOW', maxMemberCount: 5 });
  expect(result).toMatchObject({ outcome: 'APPLIED', calls: ['patchUsageStatus'], before: { maxMemberCount: null }, after: { maxMemberCount: 5, withdrawalDate: withdrawal } });
  expect(usageOf(domainId)).toMatchObject({ maxMemberCount: 5, withdrawalDate: withdrawal });
  const patch = ctx.simulator.state.journal.find((e) => e.operation === 'patchUsageStatus');
  expect(patch?.body).toEqual({ maxMemberCount: 5, withdrawalDate: withdrawal });
});

test('a cap that already matches writes nothing; a re-run under the same business ID finds nothing to do', async () => {
  const { domainId } = seedCustomer(ctx.simulator, 'cap-same.example');
  await run({ domainId, action: 'SET_NOW', maxMemberCount: 8 });
  const again = await run({ domainId, action: 'SET_NOW', maxMemberCount: 8 });
  expect(again).toMatchObject({ outcome: 'NO_CHANGE', reason: expect.stringContaining('already 8 users') });
  expect(await calls(ctx.simulator, ...WRITES)).toEqual(['patchUsageStatus 200']);
});

test('setting the cap now while a change is scheduled stops and names it, unless the input confirms the deletion', async () => {
  const { domainId } = seedCustomer(ctx.simulator, 'cap-confirm.example');
  const applyDate = plusDays(await simulatorToday(ctx.simulator), 20);
  usageOf(domainId).renewal = { applyDate, maxMemberCount: 50 };

  const stopped = await run({ domainId, action: 'SET_NOW', maxMemberCount: 10 });
  expect(stopped).toMatchObject({ outcome: 'CONFIRMATION_REQUIRED', scheduledChange: { applyDate, maxMemberCount: 50 } });
  expect((stopped as { reason: string }).reason).toContain(`change to 50 users on ${applyDate}`);
  expect((stopped as { reason: string }).reason).toContain('confirmDeletesScheduledChange');
  expect(await calls(ctx.simulator, ...WRITES)).toEqual([]);
  expect(usageOf(domainId).renewal).toEqual({ applyDate, maxMemberCount: 50 });

  const confirmed = await run({ domainId, action: 'SET_NOW', maxMemberCount: 10, confirmDeletesScheduledChange: true });
  expect(confirmed).toMatchObject({ outcome: 'APPLIED', deletedScheduledChange: { applyDate, maxMemberCount: 50 }, after: { maxMemberCount: 10 } });
  expect(usageOf(domainId).renewal).toBeUndefined();
});

test('scheduling: add, repeat (nothing), move the date, change the cap (delete + add), cancel, cancel again (nothing)', async () => {
  const { domainId } = seedCustomer(ctx.simulator, 'cap-schedule.example');
  const today = await simulatorToday(ctx.simulator);
  const first = plusDays(today, 10);
  const later = plusDays(today, 30);

  expect(await run({ domainId, action: 'SCHEDULE', maxMemberCount: 100, applyDate: first })).toMatchObject({ outcome: 'APPLIED', calls: ['addUsageStatusRenewal'] });
  expect(await run({ domainId, action: 'SCHEDULE', maxMemberCount: 100, applyDate: first })).toMatchObject({ outcome: 'NO_CHANGE' });
  expect(await run({ domainId, action: 'SCHEDULE', maxMemberCount: 100, applyDate: later })).toMatchObject({ outcome: 'APPLIED', calls: ['patchUsageStatusRenewal'] });
  expect(usageOf(domainId).renewal).toEqual({ applyDate: later, maxMemberCount: 100 });
  expect(await run({ domainId, action: 'SCHEDULE', maxMemberCount: null, applyDate: later })).toMatchObject({
    outcome: 'APPLIED',
    calls: ['deleteUsageStatusRenewal', 'addUsageStatusRenewal'],
  });
  expect(usageOf(domainId).renewal).toEqual({ applyDate: later, maxMemberCount: null });
  expect(await run({ domainId, action: 'CANCEL_SCHEDULED' })).toMatchObject({ outcome: 'APPLIED', calls: ['deleteUsageStatusRenewal'] });
  expect(await run({ domainId, action: 'CANCEL_SCHEDULED' })).toMatchObject({ outcome: 'NO_CHANGE', reason: 'no scheduled cap change exists' });
  expect(await calls(ctx.simulator, ...WRITES)).toEqual([
    'addUsageStatusRenewal 201',
    'patchUsageStatusRenewal 200',
    'deleteUsageStatusRenewal 204',
    'addUsageStatusRenewal 201',
    'deleteUsageStatusRenewal 204',
  ]);
});

test('"commit then fail" on each write applies the change exactly once', async () => {
  const { domainId } = seedCustomer(ctx.simulator, 'cap-commit.example');
  const applyDate = plusDays(await simulatorToday(ctx.simulator), 15);
  const cases: Array<{ operation: string; input: UserCapInput; check: () => void }> = [
    { operation: 'patchUsageStatus', input: { domainId, action: 'SET_NOW', maxMemberCount: 7 }, check: () => expect(usageOf(domainId).maxMemberCount).toBe(7) },
    { operation: 'addUsageStatusRenewal', input: { domainId, action: 'SCHEDULE', maxMemberCount: 9, applyDate }, check: () => expect(usageOf(domainId).renewal).toEqual({ applyDate, maxMemberCount: 9 }) },
    { operation: 'deleteUsageStatusRenewal', input: { domainId, action: 'CANCEL_SCHEDULED' }, check: () => expect(usageOf(domainId).renewal).toBeUndefined() },
  ];
  for (const [index, { operation, input, check }] of cases.entries()) {
    await queueFault(ctx.simulator, operation, { kind: 'commitThenFail', mode: index % 2 === 0 ? 'error' : 'drop' });
    const result = await run(input);
    expect(result.outcome).toBe('APPLIED');
    check();
    // One call reached the simulator and changed the state; the retry re-read it and sent nothing.
    expect((await calls(ctx.simulator, operation)).length).toBe(1);
  }
});

test('a customer pending withdrawal cannot change its cap: BLOCKED, nothing written', async () => {
  const { domainId } = seedCustomer(ctx.simulator, 'cap-pending.example');
  Object.assign(usageOf(domainId), { status: 'SUSPENDED_WITHDRAWAL', withdrawalDate: plusDays(await simulatorToday(ctx.simulator), 20) });
  const result = await run({ domainId, action: 'SET_NOW', maxMemberCount: 3 });
  expect(result).toMatchObject({ outcome: 'BLOCKED', reason: expect.stringContaining('SUSPENDED_WITHDRAWAL') });
  expect(await calls(ctx.simulator, ...WRITES)).toEqual([]);
});

test('invalid input fails before any API call, naming every field at fault', async () => {
  const today = await simulatorToday(ctx.simulator);
  const cases: Array<[unknown, string[]]> = [
    [{ domainId: -1, action: 'SET_NOW', maxMemberCount: 0, confirmDeletesScheduledChange: 'yes' }, ['domainId', 'maxMemberCount', 'confirmDeletesScheduledChange']],
    [{ domainId: 1, action: 'SET_NOW' }, ['maxMemberCount is required']],
    [{ domainId: 1, action: 'SCHEDULE', maxMemberCount: 2_000_000, applyDate: today }, ['maxMemberCount must be', 'applyDate must be from']],
    [{ domainId: 1, action: 'SCHEDULE', maxMemberCount: 5, applyDate: plusDays(today, 400) }, ['applyDate must be from']],
    [{ domainId: 1, action: 'SCHEDULE', maxMemberCount: 5, applyDate: '2026-02-30', timeZone: 'Mars/Base' }, ['applyDate is required', 'timeZone']],
    [{ domainId: 1, action: 'GROW', extra: true }, ['action must be one of', 'extra is not a known field']],
    [{ domainId: 1, action: 'CANCEL_SCHEDULED', maxMemberCount: 3 }, ['maxMemberCount is not a known field for action CANCEL_SCHEDULED']],
  ];
  for (const [input, fields] of cases) {
    const error = await failureOf(run(input as UserCapInput));
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect(error.cause).toMatchObject({ type: 'ERR_INVALID_INPUT' });
    for (const field of fields) expect(error.cause?.message).toContain(field);
  }
  expect(await calls(ctx.simulator)).toEqual([]);
});
