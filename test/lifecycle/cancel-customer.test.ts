// Cancellation end to end: approval and abort updates on a real Temporal dev server and worker, the simulator over
// HTTP (its clock is moved forward to reach a withdrawal date), plus the billing rules as pure functions.
import { WorkflowFailedError, WorkflowNotFoundError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import {
  abortCancellationUpdate,
  approveCancellationUpdate,
  cancelCustomer,
  cancellationBilling,
  cancellationStatusQuery,
  cancelWorkflowId,
  type CancelCustomerInput,
  type CancellationStatus,
} from '../../workflows/index.js';
import { holdable } from '../helpers/hold.js';
import { clientFor } from '../helpers/simulator.js';
import { calls, controlPost, failureOf, plusDays, queryUntil, queueFault, resetSimulator, seedCustomer, simulatorToday, startLifecycleEnv, stopLifecycleEnv, withWorker, type LifecycleEnv } from './lifecycle-support.js';

let ctx: LifecycleEnv;
beforeAll(async () => {
  ctx = await startLifecycleEnv();
});
afterAll(() => stopLifecycleEnv(ctx));
beforeEach(() => resetSimulator(ctx.simulator));

const APPROVAL = { approvedBy: 'manager@partner', reason: 'customer asked to leave (ticket 77)' };

function start(taskQueue: string, input: CancelCustomerInput): Promise<WorkflowHandle<typeof cancelCustomer>> {
  return ctx.env.client.workflow.start(cancelCustomer, { taskQueue, workflowId: cancelWorkflowId(input.domainId), args: [input] });
}

function statusWhen(handle: WorkflowHandle, predicate: (s: CancellationStatus) => boolean, what: string): Promise<CancellationStatus> {
  return queryUntil<CancellationStatus>(handle, cancellationStatusQuery.name, predicate, what);
}

const awaitingApproval = (handle: WorkflowHandle) => statusWhen(handle, (s) => s.step === 'WAITING_FOR_APPROVAL', 'waiting for approval');

/** The validator's rejection message of an update that must be refused. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  return String((error as WorkflowUpdateFailedError).cause?.message);
}

describe('immediate cancellation (deleteCustomer)', () => {
  test('waits for an approval with approver and reason, then deletes once: 204', async () => {
    const { domainId } = seedCustomer(ctx.simulator, 'leave.example');
    const { result, waiting } = await withWorker(ctx, 'cancel-now', async (taskQueue) => {
      const handle = await start(taskQueue, { domainId, mode: 'NOW', requestedBy: 'crm' });
      const waiting = await awaitingApproval(handle);
      expect(await refusal(handle.executeUpdate(approveCancellationUpdate, { args: [{ approvedBy: '', reason: ' ' }] }))).toMatch(/approvedBy is required.*reason is required/);
      expect(await calls(ctx.simulator, 'deleteCustomer')).toEqual([]);
      const approval = await handle.executeUpdate(approveCancellationUpdate, { args: [APPROVAL] });
      expect(approval).toMatchObject({ approvedBy: APPROVAL.approvedBy, at: expect.any(String) });
      return { result: await handle.result(), waiting };
    });
    expect(waiting).toMatchObject({ domain: 'leave.example', mode: 'NOW', waitingFor: expect.stringContaining('approveCancellation') });
    expect(waiting.billing?.notes.join(' ')).toMatch(/2nd-24th|25th-1st/);
    expect(result).toMatchObject({ outcome: 'DELETED', status: 204, approval: { approvedBy: APPROVAL.approvedBy, reason: APPROVAL.reason } });
    expect(await calls(ctx.simulator, 'deleteCustomer')).toEqual(['deleteCustomer 204']);
    expect(ctx.simulator.state.customers.has(domainId)).toBe(false);
  });

  test('a tenant with a non-real-time paid app goes to pending withdrawal: 202 with its removal date', async () => {
    const { domainId } = seedCustomer(ctx.simulator, 'yamato.example', { nonRealtimePaidApp: true });
    const today = await simulatorToday(ctx.simulator);
    const result = await withWorker(ctx, 'cancel-now-202', async (taskQueue) => {
      const handle = await start(taskQueue, { domainId, mode: 'NOW' });
      await awaitingApproval(handle);
      await handle.executeUpdate(approveCancellationUpdate, { args: [APPROVAL] });
      return handle.result();
    });
    const expected = cancellationBilling(today, 'NOW').pendingWithdrawalRemoval;
    expect(result).toMatchObject({ outcome: 'PENDING_WITHDRAWAL', status: 202, withdrawalDate: expected, detail: expect.stringContaining('irreversible') });
    expect(ctx.simulator.state.usage.get(domainId)).toMatchObject({ status: 'SUSPENDED_WITHDRAWAL', withdrawalDate: expected });
  });

  test('"commit then fail" on deleteCustomer never deletes twice: the retry reads first and counts gone/pending as done', async () => {
    for (const [mode, paidApp] of [['error', false], ['drop', true]] as const) {
      await resetSimulator(ctx.simulator);
      const { domainId } = seedCustomer(ctx.simulator, `cf-${mode}.example`, { nonRealtimePaidApp: paidApp });
      await queueFault(ctx.simulator, 'deleteCustomer', { kind: 'commitThenFail', mode });
      const result = await withWorker(ctx, `cancel-commit-${mode}`, async (taskQueue) => {
        const handle = await start(taskQueue, { domainId, mode: 'NOW' });
        await awaitingApproval(handle);
        await handle.executeUpdate(approveCancellationUpdate, { args: [APPROVAL] });
        return handle.result();
      });
      expect(result.outcome).toBe(paidApp ? 'PENDING_WITHDRAWAL' : 'DELETED');
      expect(result.detail).toMatch(paidApp ? /found already pending/ : /already gone/);
      expect(await calls(ctx.simulator, 'deleteCustomer')).toEqual([`deleteCustomer ${mode === 'error' ? 500 : 0}`]);
    }
  });

  test('abort before approval ends without any write; then approval and a second abort are refused', async () => {
    const { domainId } = seedCustomer(ctx.simulator, 'stay.example');
    const result = await withWorker(ctx, 'cancel-abort-before', async (taskQueue) => {
      const handle = await start(taskQueue, { domainId, mode: 'NOW' });
      await awaitingApproval(handle);
      expect(await refusal(handle.executeUpdate(abortCancellationUpdate, { args: [{ abortedBy: '' }] }))).toContain('abortedBy is required');
      const outcome = await handle.executeUpdate(abortCancellationUpdate, { args: [{ abortedBy: 'sales@partner', reason: 'customer stays' }] });
      expect(outcome).toEqual({ aborted: true, clearedWithdrawalDate: false, detail: 'aborted before approval; nothing was changed' });
      return handle.result();
    });
    expect(result).toMatchObject({ outcome: 'ABORTED', abort: { abortedBy: 'sales@partner', reason: 'customer stays' } });
    expect(await calls(ctx.simulator, 'deleteCustomer', 'patchUsageStatus')).toEqual([]);
  });

  test('approval after an abort, a second approval, and an abort after approval are refused by the validators', async () => {
    const a = seedCustomer(ctx.simulator, 'a.example');
    const b = seedCustomer(ctx.simulator, 'b.example');
    // The worker's reads of a customer can be held in flight (the approved run's read before its delete, below).
    const client = clientFor(ctx.simulator);
    const reads = holdable(client.getCustomer.bind(client));
    client.getCustomer = reads.call;
    await withWorker(ctx, 'cancel-validators', async (taskQueue) => {
      // Aborted first: the run ends at once, so a later approval is refused (by the server: the run is closed).
      const aborted = await start(taskQueue, { domainId: a.domainId, mode: 'NOW' });
      await awaitingApproval(aborted);
      await aborted.executeUpdate(abortCancellationUpdate, { args: [{ abortedBy: 'ops' }] });
      expect(await aborted.result()).toMatchObject({ outcome: 'ABORTED' });
      // The closed run never sees the update (no validator runs): the server answers "not found" for it.
      const late = await aborted.executeUpdate(approveCancellationUpdate, { args: [APPROVAL] }).catch((e: unknown) => e);
      expect(late).toBeInstanceOf(WorkflowNotFoundError);
      expect(late).toMatchObject({ workflowId: cancelWorkflowId(a.domainId), message: 'workflow execution already completed' });
      const acceptedUpdates = ((await aborted.fetchHistory()).events ?? []).flatMap((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name ?? []);
      expect(acceptedUpdates).toEqual([abortCancellationUpdate.name]);
      // Approved: the delete is held up (its read, if it comes before the updates have been answered, is held in
      // flight until they have) so the workflow is still running when the updates arrive.
      const approved = await start(taskQueue, { domainId: b.domainId, mode: 'NOW' });
      await awaitingApproval(approved);
      const readBeforeDelete = reads.hold();
      await approved.executeUpdate(approveCancellationUpdate, { args: [APPROVAL] });
      expect(await refusal(approved.executeUpdate(approveCancellationUpdate, { args: [{ approvedBy: 'someone else', reason: 'again' }] }))).toContain(
        `already approved by ${APPROVAL.approvedBy}`,
      );
      expect(await refusal(approved.executeUpdate(abortCancellationUpdate, { args: [{ abortedBy: 'ops' }] }))).toContain('cannot be aborted after approval');
      readBeforeDelete.release();
      expect(await approved.result()).toMatchObject({ outcome: 'DELETED' });
    }, undefined, { client });
    expect(await calls(ctx.simulator, 'deleteCustomer')).toEqual(['deleteCustomer 204']);
  });

  test('no approval within approvalTimeout: nothing changes', async () => {
    const { domainId } = seedCustomer(ctx.simulator, 'slow-approver.example');
    const result = await withWorker(ctx, 'cancel-approval-timeout', (taskQueue) =>
      ctx.env.client.workflow.execute(cancelCustomer, { taskQueue, workflowId: cancelWorkflowId(domainId), args: [{ domainId, mode: 'NOW', approvalTimeout: '2s' }] }),
    );
    expect(result).toMatchObject({ outcome: 'APPROVAL_TIMED_OUT', detail: expect.stringContaining('nothing was changed') });
    expect(ctx.simulator.state.customers.has(domainId)).toBe(true);
  });
});

describe('dated cancellation (usage-status withdrawalDate)', () => {
  test('schedules the date keeping the cap and the scheduled cap change, then the date passes: CANCELLED', async () => {
    const { domainId } = seedCustomer(ctx.simulator, 'dated.example');
    const today = await simulatorToday(ctx.simulator);
    const date = plusDays(today, 3);
    const renewal = { applyDate: plusDays(today, 2), maxMemberCount: 30 };
    Object.assign(ctx.simulator.state.usage.get(domainId)!, { maxMemberCount: 12, renewal: { ...renewal } });

    const result = await withWorker(ctx, 'cancel-dated', async (taskQueue) => {
      const handle = await start(taskQueue, { domainId, mode: 'ON_DATE', withdrawalDate: date, pollInterval: '1s' });
      await awaitingApproval(handle);
      await handle.executeUpdate(approveCancellationUpdate, { args: [APPROVAL] });
      const waiting = await statusWhen(handle, (s) => s.step === 'WAITING_FOR_DATE', 'waiting for the date');
      expect(waiting.billing).toMatchObject({ date, notes: expect.arrayContaining([expect.stringContaining(`Usage up to ${plusDays(date, -1)}`)]) });
      // Both fields were sent (cap unchanged); the scheduled cap change the PATCH deleted was added back.
      expect(ctx.simulator.state.journal.find((e) => e.operation === 'patchUsageStatus')?.body).toEqual({ maxMemberCount: 12, withdrawalDate: date });
      expect(ctx.simulator.state.usage.get(domainId)).toMatchObject({ maxMemberCount: 12, withdrawalDate: date, renewal });
      await controlPost(ctx.simulator, '/clock/advance', { days: 3 });
      return handle.result();
    });
    expect(result).toMatchObject({ outcome: 'CANCELLED', withdrawalDate: date, approval: { approvedBy: APPROVAL.approvedBy } });
    expect(ctx.simulator.state.customers.has(domainId)).toBe(false);
    expect(await calls(ctx.simulator, 'deleteCustomer')).toEqual([]);
  });

  test('the preview shows the penalty a dated cancellation before the contract end will cost, and it is billed', async () => {
    const seeded = (await controlPost(ctx.simulator, '/seed', {
      customers: [{ domain: 'penalty.example', companyName: 'Penalty', activated: true, subscriptions: [{ productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 10 }] }],
    })) as { domainIds: number[] };
    const domainId = seeded.domainIds[0]!;
    const today = await simulatorToday(ctx.simulator);
    const date = plusDays(today, 3);
    const planEndDate = ctx.simulator.state.subscriptionsOf(domainId)[0]!.planEndDate!;

    const result = await withWorker(ctx, 'cancel-penalty', async (taskQueue) => {
      const handle = await start(taskQueue, { domainId, mode: 'ON_DATE', withdrawalDate: date, pollInterval: '1s' });
      const waiting = await awaitingApproval(handle);
      expect(waiting.billing?.penalties).toEqual([
        { subscriptionId: expect.any(Number), productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 10, planEndDate, penaltyFreeFrom: plusDays(planEndDate, 1) },
      ]);
      expect(waiting.billing?.notes.join(' ')).toContain(`Penalty: STD (ANNUAL_LICENSE, 10 licenses) runs until ${planEndDate}`);
      await handle.executeUpdate(approveCancellationUpdate, { args: [APPROVAL] });
      await statusWhen(handle, (s) => s.step === 'WAITING_FOR_DATE', 'waiting for the date');
      await controlPost(ctx.simulator, '/clock/advance', { days: 3 });
      return handle.result();
    });
    expect(result).toMatchObject({ outcome: 'CANCELLED', billing: { penalties: [{ productId: 'STD', planEndDate }] } });
    // What the preview announced is what LINE WORKS (the simulator) bills.
    expect(ctx.simulator.state.penalties).toEqual([expect.objectContaining({ domainId, itemId: 'STD', date })]);
  });

  test('with a non-real-time paid app, the date leads to pending withdrawal with the documented removal date', async () => {
    const { domainId } = seedCustomer(ctx.simulator, 'dated-yamato.example', { nonRealtimePaidApp: true });
    const date = plusDays(await simulatorToday(ctx.simulator), 2);
    const result = await withWorker(ctx, 'cancel-dated-202', async (taskQueue) => {
      const handle = await start(taskQueue, { domainId, mode: 'ON_DATE', withdrawalDate: date, pollInterval: '1s' });
      await awaitingApproval(handle);
      await handle.executeUpdate(approveCancellationUpdate, { args: [APPROVAL] });
      await statusWhen(handle, (s) => s.step === 'WAITING_FOR_DATE', 'waiting for the date');
      await controlPost(ctx.simulator, '/clock/advance', { days: 2 });
      return handle.result();
    });
    expect(result).toMatchObject({ outcome: 'PENDING_WITHDRAWAL', withdrawalDate: cancellationBilling(date, 'ON_DATE').pendingWithdrawalRemoval });
  });

  test('abort before the date clears the withdrawalDate this workflow set; the cap and the scheduled cap change stay', async () => {
    const { domainId } = seedCustomer(ctx.simulator, 'changed-mind.example');
    const date = plusDays(await simulatorToday(ctx.simulator), 10);
    const renewal = { applyDate: plusDays(date, 5), maxMemberCount: 25 };
    Object.assign(ctx.simulator.state.usage.get(domainId)!, { maxMemberCount: 20, renewal: { ...renewal } });
    const { result, outcome } = await withWorker(ctx, 'cancel-dated-abort', async (taskQueue) => {
      const handle = await start(taskQueue, { domainId, mode: 'ON_DATE', withdrawalDate: date, pollInterval: '1h' });
      await awaitingApproval(handle);
      await handle.executeUpdate(approveCancellationUpdate, { args: [APPROVAL] });
      await statusWhen(handle, (s) => s.step === 'WAITING_FOR_DATE', 'waiting for the date');
      expect(ctx.simulator.state.usage.get(domainId)!.withdrawalDate).toBe(date);
      const outcome = await handle.executeUpdate(abortCancellationUpdate, { args: [{ abortedBy: 'sales@partner', reason: 'renewed' }] });
      return { result: await handle.result(), outcome };
    });
    expect(outcome).toMatchObject({ aborted: true, clearedWithdrawalDate: true });
    expect(result).toMatchObject({ outcome: 'ABORTED', clearedWithdrawalDate: true });
    // Both PATCHes sent the cap back (deleting the scheduled cap change); each time it was added again.
    expect(ctx.simulator.state.usage.get(domainId)).toMatchObject({ withdrawalDate: null, maxMemberCount: 20, renewal });
    expect(await calls(ctx.simulator, 'addUsageStatusRenewal')).toEqual(['addUsageStatusRenewal 201', 'addUsageStatusRenewal 201']);
    expect((await calls(ctx.simulator, 'patchUsageStatus')).length).toBe(2);
  });

  test('"commit then fail" on the usage-status PATCH sets the date exactly once', async () => {
    const { domainId } = seedCustomer(ctx.simulator, 'dated-commit.example');
    const date = plusDays(await simulatorToday(ctx.simulator), 5);
    await withWorker(ctx, 'cancel-dated-commit', async (taskQueue) => {
      const handle = await start(taskQueue, { domainId, mode: 'ON_DATE', withdrawalDate: date, pollInterval: '1h' });
      await awaitingApproval(handle);
      await queueFault(ctx.simulator, 'patchUsageStatus', { kind: 'commitThenFail', mode: 'error' });
      await handle.executeUpdate(approveCancellationUpdate, { args: [APPROVAL] });
      await statusWhen(handle, (s) => s.step === 'WAITING_FOR_DATE', 'waiting for the date');
      await handle.terminate('test done');
    });
    expect(await calls(ctx.simulator, 'patchUsageStatus')).toEqual(['patchUsageStatus 500']);
    expect(ctx.simulator.state.usage.get(domainId)!.withdrawalDate).toBe(date);
  });

  test('a withdrawalDate cleared elsewhere while waiting ends with CHANGED_ELSEWHERE', async () => {
    const { domainId } = seedCustomer(ctx.simulator, 'elsewhere.example');
    const date = plusDays(await simulatorToday(ctx.simulator), 5);
    const result = await withWorker(ctx, 'cancel-dated-elsewhere', async (taskQueue) => {
      const handle = await start(taskQueue, { domainId, mode: 'ON_DATE', withdrawalDate: date, pollInterval: '1s' });
      await awaitingApproval(handle);
      await handle.executeUpdate(approveCancellationUpdate, { args: [APPROVAL] });
      await statusWhen(handle, (s) => s.step === 'WAITING_FOR_DATE', 'waiting for the date');
      ctx.simulator.state.usage.get(domainId)!.withdrawalDate = null;
      return handle.result();
    });
    expect(result).toMatchObject({ outcome: 'CHANGED_ELSEWHERE', withdrawalDate: null });
  });
});

test('an unknown customer, or one already pending withdrawal, stops before asking for approval', async () => {
  const pending = seedCustomer(ctx.simulator, 'pending.example');
  Object.assign(ctx.simulator.state.usage.get(pending.domainId)!, { status: 'SUSPENDED_WITHDRAWAL', withdrawalDate: plusDays(await simulatorToday(ctx.simulator), 9) });
  const results = await withWorker(ctx, 'cancel-early-stop', async (taskQueue) => [
    await ctx.env.client.workflow.execute(cancelCustomer, { taskQueue, workflowId: cancelWorkflowId(424242), args: [{ domainId: 424242, mode: 'NOW' }] }),
    await ctx.env.client.workflow.execute(cancelCustomer, { taskQueue, workflowId: cancelWorkflowId(pending.domainId), args: [{ domainId: pending.domainId, mode: 'NOW' }] }),
  ]);
  expect(results[0]).toMatchObject({ outcome: 'NOT_FOUND' });
  expect(results[1]).toMatchObject({ outcome: 'ALREADY_PENDING_WITHDRAWAL', detail: expect.stringContaining('cannot be undone') });
  expect(await calls(ctx.simulator, 'deleteCustomer', 'patchUsageStatus')).toEqual([]);
});

test('a repeated start with the same business ID finds the running workflow', async () => {
  const { domainId } = seedCustomer(ctx.simulator, 'dup.example');
  await withWorker(ctx, 'cancel-dedupe', async (taskQueue) => {
    const options = { taskQueue, workflowId: cancelWorkflowId(domainId), args: [{ domainId, mode: 'NOW' }] as [CancelCustomerInput], workflowIdConflictPolicy: 'USE_EXISTING' as const };
    const first = await ctx.env.client.workflow.start(cancelCustomer, options);
    const second = await ctx.env.client.workflow.start(cancelCustomer, options);
    expect(second.firstExecutionRunId).toBe(first.firstExecutionRunId);
    await awaitingApproval(first);
    await first.executeUpdate(approveCancellationUpdate, { args: [APPROVAL] });
    await first.result();
  });
  expect(await calls(ctx.simulator, 'deleteCustomer')).toEqual(['deleteCustomer 204']);
});

test('invalid input fails before any API call, naming every field at fault', async () => {
  const today = await simulatorToday(ctx.simulator);
  const cases: Array<[unknown, string[]]> = [
    [{ domainId: 0, mode: 'LATER', approvalTimeout: 'soon', extra: true }, ['domainId', 'mode must be NOW or ON_DATE', 'approvalTimeout', 'extra is not a known field']],
    [{ domainId: 1, mode: 'ON_DATE' }, ['withdrawalDate is required for mode ON_DATE']],
    [{ domainId: 1, mode: 'ON_DATE', withdrawalDate: today, pollInterval: 'often' }, ['withdrawalDate must be tomorrow', 'pollInterval']],
    [{ domainId: 1, mode: 'NOW', withdrawalDate: plusDays(today, 3), timeZone: 'Moon/Crater' }, ['withdrawalDate must not be given for mode NOW', 'timeZone']],
  ];
  await withWorker(ctx, 'cancel-invalid', async (taskQueue) => {
    for (const [input, fields] of cases) {
      const error = await failureOf(ctx.env.client.workflow.execute(cancelCustomer, { taskQueue, workflowId: cancelWorkflowId(1), args: [input as CancelCustomerInput] }));
      expect(error).toBeInstanceOf(WorkflowFailedError);
      expect(error.cause).toMatchObject({ type: 'ERR_INVALID_INPUT' });
      for (const field of fields) expect(error.cause?.message).toContain(field);
    }
  });
  expect(await calls(ctx.simulator)).toEqual([]);
});

describe('billing rules (openapi.yaml deleteCustomer, x-cancellation-reservation)', () => {
  test('2nd-24th: last bill on the 1st of next month, removal on the 2nd of next month', () => {
    expect(cancellationBilling('2026-03-10', 'ON_DATE')).toMatchObject({ span: '2nd-24th', lastBill: '2026-04-01', pendingWithdrawalRemoval: '2026-04-02' });
    expect(cancellationBilling('2026-03-02', 'NOW')).toMatchObject({ span: '2nd-24th', pendingWithdrawalRemoval: '2026-04-02' });
    expect(cancellationBilling('2026-12-24', 'ON_DATE')).toMatchObject({ span: '2nd-24th', lastBill: '2027-01-01', pendingWithdrawalRemoval: '2027-01-02' });
  });

  test('annual contracts a cancellation date ends early are listed as penalties; the day after the contract end avoids them', () => {
    const subs = [
      { subscriptionId: 1, productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 10, planEndDate: '2026-12-31' },
      { subscriptionId: 2, productId: 'ROG_STD', plan: 'MONTHLY_LICENSE', licenseCount: 3, planEndDate: '2026-03-31' },
      { subscriptionId: 3, productId: 'FR', plan: 'FREE', planEndDate: null },
    ];
    expect(cancellationBilling('2026-12-31', 'ON_DATE', subs).penalties).toEqual([
      { subscriptionId: 1, productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 10, planEndDate: '2026-12-31', penaltyFreeFrom: '2027-01-01' },
    ]);
    expect(cancellationBilling('2027-01-01', 'ON_DATE', subs).penalties).toEqual([]);
  });

  test('25th-1st: Option-Plus-only bill on the 1st of the month after next, removal on the 2nd of that month; the 1st belongs to the previous span', () => {
    expect(cancellationBilling('2026-03-25', 'ON_DATE')).toMatchObject({ span: '25th-1st', optionPlusOnlyBill: '2026-05-01', pendingWithdrawalRemoval: '2026-05-02' });
    expect(cancellationBilling('2026-04-01', 'ON_DATE')).toMatchObject({ span: '25th-1st', optionPlusOnlyBill: '2026-05-01', pendingWithdrawalRemoval: '2026-05-02' });
    expect(cancellationBilling('2026-11-30', 'NOW')).toMatchObject({ span: '25th-1st', optionPlusOnlyBill: '2027-01-01', pendingWithdrawalRemoval: '2027-01-02' });
    expect(cancellationBilling('2026-11-30', 'NOW').notes.join(' ')).toContain('schedule it (withdrawalDate) by the 24th');
    expect(cancellationBilling('2026-11-30', 'ON_DATE').notes.join(' ')).toContain('stopped on the 25th');
  });
});
