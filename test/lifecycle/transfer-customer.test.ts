// Online Direct transfer end to end: a real Temporal dev server and worker, the simulator over HTTP (the transfer
// completes transferDelayMs after the 202 on the simulator's clock, which these tests freeze and move by hand).
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import {
  recheckTransferSignal,
  transferCustomer,
  transferStatusQuery,
  transferWorkflowId,
  type TransferCustomerInput,
  type TransferCustomerResult,
  type TransferStatus,
} from '../../workflows/index.js';
import { calls, controlPost, failureOf, queryUntil, queueFault, resetSimulator, seedCustomer, startLifecycleEnv, stopLifecycleEnv, withWorker, type LifecycleEnv } from './lifecycle-support.js';

type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;
type HistoryEvent = NonNullable<History['events']>[number];

/** Every string in a history event, payloads decoded (through the client's codecs, if any) to their JSON text. */
async function textsOf(value: unknown, out: string[] = []): Promise<string[]> {
  if (typeof value === 'string') out.push(value);
  else if (value instanceof Uint8Array) out.push(Buffer.from(value).toString('utf8'));
  else if (value && typeof value === 'object') {
    const payload = value as Payload;
    if (payload.data instanceof Uint8Array && payload.metadata) {
      let decoded: Payload = payload;
      for (const codec of [...ctx.env.client.options.loadedDataConverter.payloadCodecs].reverse()) decoded = (await codec.decode([decoded]))[0] ?? decoded;
      out.push(Buffer.from(decoded.data ?? []).toString('utf8'));
    } else {
      for (const child of Object.values(value)) await textsOf(child, out);
    }
  }
  return out;
}

/** `<event type>` (with the activity type for scheduled activities) of each history event whose content contains `text`. */
async function eventsMentioning(history: History, text: string): Promise<string[]> {
  const found: string[] = [];
  for (const event of history.events ?? []) {
    const key = Object.keys(event).find((k) => k.endsWith('EventAttributes') && event[k as keyof HistoryEvent]) as keyof HistoryEvent | undefined;
    if (!key) throw new Error(`history event ${String(event.eventId)} has no attributes`);
    if (!(await textsOf(event[key])).some((t) => t.includes(text))) continue;
    const type = key.replace(/EventAttributes$/, '');
    const activity = event.activityTaskScheduledEventAttributes?.activityType?.name;
    found.push(activity ? `${type} ${activity}` : type);
  }
  return found;
}

let ctx: LifecycleEnv;
beforeAll(async () => {
  ctx = await startLifecycleEnv({ transferDelayMs: 5_000 });
});
afterAll(() => stopLifecycleEnv(ctx));
beforeEach(async () => {
  await resetSimulator(ctx.simulator);
  await freezeClock();
});

const CODE = 'WSq1secretish';
const FAST = { initialInterval: '1s', maxInterval: '2s', deadline: '1 minute' };

async function freezeClock(): Promise<void> {
  const { now } = (await (await fetch(`${ctx.simulator.url}/_simulator/clock`)).json()) as { now: string };
  const response = await fetch(`${ctx.simulator.url}/_simulator/clock`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: new Date(Date.parse(now) + 1000).toISOString(), frozen: true }) });
  if (!response.ok) throw new Error(`freezing the clock answered ${response.status}`);
}

/** Moves the simulator's clock past the transfer delay: the accepted transfer completes. */
const completeTransfers = () => controlPost(ctx.simulator, '/clock/advance', { seconds: 6 });

async function seedOnlineDirect(domain: string, extra: Record<string, unknown> = {}): Promise<number> {
  await controlPost(ctx.simulator, '/seed', { potentialCustomers: [{ domain, partnerCode: CODE, productIds: ['STD_T'], memberCount: 4, ...extra }] });
  return ctx.simulator.state.potentialCustomers.get(domain)!.domainId;
}

function input(domain: string, extra: Partial<TransferCustomerInput> = {}): TransferCustomerInput {
  return { domain, partnerCode: CODE, wait: FAST, ...extra };
}

function start(taskQueue: string, value: TransferCustomerInput): Promise<WorkflowHandle<typeof transferCustomer>> {
  return ctx.env.client.workflow.start(transferCustomer, { taskQueue, workflowId: transferWorkflowId(value.domain), args: [value] });
}

function statusWhen(handle: WorkflowHandle, predicate: (s: TransferStatus) => boolean, what: string): Promise<TransferStatus> {
  return queryUntil<TransferStatus>(handle, transferStatusQuery.name, predicate, what);
}

test('checks the tenant, transfers (202), waits until it is among our customers and returns it', async () => {
  const domainId = await seedOnlineDirect('direct.example', { notHandledApps: ['XYZ app'] });
  const { result, waiting, history } = await withWorker(ctx, 'transfer-happy', async (taskQueue) => {
    const handle = await start(taskQueue, input('direct.example', { enablePartnerProfileDisplay: false }));
    const waiting = await statusWhen(handle, (s) => s.step === 'WAITING_FOR_TRANSFER' && s.checks >= 2, 'two checks while waiting');
    await completeTransfers();
    const result = await handle.result();
    return { result, waiting, history: await handle.fetchHistory() };
  });
  expect(waiting).toMatchObject({ domain: 'direct.example', domainId, notHandledApps: ['XYZ app'], deadline: expect.any(String), nextCheckAt: expect.any(String) });
  expect(result).toMatchObject({
    outcome: 'TRANSFERRED',
    customer: { domain: 'direct.example', domainId, partnership: { enablePartnerProfileDisplay: false } },
    potentialCustomer: { productIds: ['STD_T'], notHandledApps: ['XYZ app'] },
  });
  expect(await calls(ctx.simulator, 'getPotentialCustomer', 'transferPotentialCustomer')).toEqual(['getPotentialCustomer 200', 'transferPotentialCustomer 202']);
  // The partner code goes to the API (and, as the input, into history) but never into the status or the result.
  expect(JSON.stringify(waiting)).not.toContain(CODE);
  expect(JSON.stringify(result)).not.toContain(CODE);
  // In history the code is where it has to be (the workflow input, and the inputs of the two activities that send
  // it to the API) and nowhere else: no activity result, no failure, not the workflow result.
  const events = await eventsMentioning(history, CODE);
  expect(events).toEqual(['workflowExecutionStarted', 'activityTaskScheduled lookUpPotentialCustomer', 'activityTaskScheduled startTransfer']);
  const completed = (history.events ?? []).filter((e) => e.activityTaskCompletedEventAttributes).length;
  expect(completed).toBeGreaterThanOrEqual(2);
  expect((history.events ?? []).filter((e) => e.workflowExecutionCompletedEventAttributes)).toHaveLength(1);
});

test('a re-run when the tenant is already our customer returns it without calling transfer', async () => {
  const existing = seedCustomer(ctx.simulator, 'mine.example');
  const result = await withWorker(ctx, 'transfer-rerun', (taskQueue) =>
    ctx.env.client.workflow.execute(transferCustomer, { taskQueue, workflowId: transferWorkflowId('mine.example'), args: [input('mine.example')] }),
  );
  expect(result).toEqual<TransferCustomerResult>({ outcome: 'ALREADY_OUR_CUSTOMER', customer: expect.objectContaining({ domainId: existing.domainId }) });
  expect(await calls(ctx.simulator, 'getPotentialCustomer', 'transferPotentialCustomer')).toEqual([]);
});

test('an unknown tenant or a partner code that is not accepted stops with the reason, without transferring', async () => {
  await seedOnlineDirect('picky.example');
  const results = await withWorker(ctx, 'transfer-refused', async (taskQueue) => [
    await ctx.env.client.workflow.execute(transferCustomer, { taskQueue, workflowId: transferWorkflowId('picky.example'), args: [input('picky.example', { partnerCode: 'WrongCode1' })] }),
    await ctx.env.client.workflow.execute(transferCustomer, { taskQueue, workflowId: transferWorkflowId('nobody.example'), args: [input('nobody.example')] }),
  ]);
  for (const [result, domain] of [[results[0], 'picky.example'], [results[1], 'nobody.example']] as const) {
    expect(result).toMatchObject({ outcome: 'NOT_TRANSFERABLE', domain, reason: expect.stringContaining(`no Online Direct tenant ${domain} accepts this partner code`) });
    expect(JSON.stringify(result)).not.toContain('WrongCode1');
  }
  expect(await calls(ctx.simulator, 'transferPotentialCustomer')).toEqual([]);
});

test('"commit then fail" on the transfer: the retry is refused as already in progress, and the workflow still waits and finishes', async () => {
  const domainId = await seedOnlineDirect('flaky.example');
  await queueFault(ctx.simulator, 'transferPotentialCustomer', { kind: 'commitThenFail', mode: 'error' });
  const { result, history } = await withWorker(ctx, 'transfer-commit', async (taskQueue) => {
    const handle = await start(taskQueue, input('flaky.example'));
    const waiting = await statusWhen(handle, (s) => s.step === 'WAITING_FOR_TRANSFER', 'the wait');
    expect(waiting.lastError).toContain('an earlier attempt was probably accepted');
    await completeTransfers();
    return { result: await handle.result(), history: await handle.fetchHistory() };
  });
  expect(result).toMatchObject({ outcome: 'TRANSFERRED', customer: { domainId } });
  // The failed and refused attempts left failure messages and results in history; none of them carries the code.
  expect(await eventsMentioning(history, CODE)).toEqual(['workflowExecutionStarted', 'activityTaskScheduled lookUpPotentialCustomer', 'activityTaskScheduled startTransfer']);
  // One transfer took effect: the first call (committed, answered 500); the retry was refused and changed nothing.
  expect(await calls(ctx.simulator, 'transferPotentialCustomer')).toEqual(['transferPotentialCustomer 500', 'transferPotentialCustomer 400']);
  expect([...ctx.simulator.state.customers.values()].filter((c) => c.domain === 'flaky.example')).toHaveLength(1);
});

test('recheckTransfer checks at once instead of waiting for the next poll', async () => {
  await seedOnlineDirect('recheck.example');
  const result = await withWorker(ctx, 'transfer-recheck', async (taskQueue) => {
    const handle = await start(taskQueue, input('recheck.example', { wait: { initialInterval: '1h', maxInterval: '1h', deadline: '2h' } }));
    await statusWhen(handle, (s) => s.step === 'WAITING_FOR_TRANSFER', 'the wait');
    await completeTransfers();
    await handle.signal(recheckTransferSignal);
    return handle.result();
  });
  expect(result).toMatchObject({ outcome: 'TRANSFERRED', checks: 1 });
});

test('a transfer that never completes ends at the deadline with TIMED_OUT', async () => {
  await seedOnlineDirect('stuck.example');
  const result = await withWorker(ctx, 'transfer-deadline', (taskQueue) =>
    ctx.env.client.workflow.execute(transferCustomer, {
      taskQueue,
      workflowId: transferWorkflowId('stuck.example'),
      args: [input('stuck.example', { wait: { initialInterval: '1s', maxInterval: '1s', deadline: '3s' } })],
    }),
  );
  expect(result).toMatchObject({ outcome: 'TIMED_OUT', domain: 'stuck.example', reason: expect.stringContaining('did not appear among our customers within 3s') });
  expect((result as { checks: number }).checks).toBeGreaterThanOrEqual(2);
});

test('a repeated start with the same business ID finds the running workflow', async () => {
  await seedOnlineDirect('dup.example');
  await withWorker(ctx, 'transfer-dedupe', async (taskQueue) => {
    const options = { taskQueue, workflowId: transferWorkflowId('dup.example'), args: [input('dup.example')] as [TransferCustomerInput], workflowIdConflictPolicy: 'USE_EXISTING' as const };
    const first = await ctx.env.client.workflow.start(transferCustomer, options);
    const second = await ctx.env.client.workflow.start(transferCustomer, options);
    expect(second.firstExecutionRunId).toBe(first.firstExecutionRunId);
    await statusWhen(first, (s) => s.step === 'WAITING_FOR_TRANSFER', 'the wait');
    await completeTransfers();
    expect(await first.result()).toMatchObject({ outcome: 'TRANSFERRED' });
  });
  expect(await calls(ctx.simulator, 'transferPotentialCustomer')).toEqual(['transferPotentialCustomer 202']);
});

test('invalid input fails before any API call, naming every field at fault and never echoing the partner code', async () => {
  const bad = { domain: 'Bad_Domain', partnerCode: 'has spaces!', enablePartnerProfileDisplay: 'yes', wait: { deadline: 'forever', every: '1s' }, extra: 1 };
  const error = await failureOf(
    withWorker(ctx, 'transfer-invalid', (taskQueue) =>
      ctx.env.client.workflow.execute(transferCustomer, { taskQueue, workflowId: transferWorkflowId('bad'), args: [bad as unknown as TransferCustomerInput] }),
    ),
  );
  expect(error).toBeInstanceOf(WorkflowFailedError);
  for (const field of ['domain', 'partnerCode', 'enablePartnerProfileDisplay', 'wait.deadline', 'wait.every', 'extra']) expect(error.cause?.message).toContain(field);
  expect(error.cause?.message).not.toContain('has spaces!');
  expect(await calls(ctx.simulator)).toEqual([]);
});
