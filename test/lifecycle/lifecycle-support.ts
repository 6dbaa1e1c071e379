// Shared set-up for the lifecycle workflow tests: a real Temporal dev server, one workflow bundle, the simulator over
// HTTP, a worker per test on its own task queue, and small helpers for seeding, faults and bounded polling.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { createActivities, type ActivityDeps } from '../../activities/index.js';
import type { AuthoritativeDnsServer } from '../../dns/authoritative-server.js';
import type { DnsCheckOptions } from '../../dns/propagation.js';
import { startSimulatedDns } from '../../scripts/simulated-dns.js';
import type { Customer } from '../../partner-api/types.js';
import { startSimulator } from '../../simulator/app.js';
import type { SimulatorOptions } from '../../simulator/options.js';
import { createWorker } from '../../workers/worker.js';
import { clientFor, journal, type RunningSimulator } from '../helpers/simulator.js';
import { bundleWorkflows, createLocalEnv, uniqueTaskQueue } from '../helpers/temporal.js';

export interface LifecycleEnv {
  env: TestWorkflowEnvironment;
  bundle: WorkflowBundleWithSourceMap;
  simulator: RunningSimulator;
}

/** `dynamicConfig`: Temporal server settings for this file's server (see createLocalEnv). */
export async function startLifecycleEnv(options: SimulatorOptions = {}, dynamicConfig: Record<string, string | number> = {}): Promise<LifecycleEnv> {
  const [env, bundle, simulator] = await Promise.all([createLocalEnv(dynamicConfig), bundleWorkflows(), startSimulator(0, options)]);
  return { env, bundle, simulator };
}

export async function stopLifecycleEnv(ctx: LifecycleEnv | undefined): Promise<void> {
  await ctx?.simulator.app.close();
  await ctx?.env.teardown();
}

export type SimulatedDnsEnv = LifecycleEnv & { dns: AuthoritativeDnsServer };

/**
 * For a test file: the lifecycle set-up plus the simulated world's loopback DNS as `npm start` runs it (on the
 * simulator's clock), started before all tests and stopped after. The returned object is filled in by beforeAll.
 */
export function simulatedDnsEnvForSuite(): SimulatedDnsEnv {
  const suite = {} as SimulatedDnsEnv;
  beforeAll(async () => {
    const ctx = await startLifecycleEnv();
    Object.assign(suite, ctx, { dns: await startSimulatedDns(ctx.simulator.state, 0, () => ctx.simulator.clock.nowMs()) });
  });
  afterAll(async () => {
    await suite.dns?.close();
    await stopLifecycleEnv(suite.env ? suite : undefined);
  });
  return suite;
}

/** Empties the simulated world, journal and faults, and restarts its clock. */
export async function resetSimulator(simulator: RunningSimulator): Promise<void> {
  const response = await fetch(`${simulator.url}/_simulator/reset`, { method: 'POST' });
  if (!response.ok) throw new Error(`reset answered ${response.status}`);
}

/**
 * Runs `fn` while a real worker (all activities, against the simulator) polls a task queue unique to the test;
 * `dns` points its DNS checks at a server on loopback; `deps` adds to the activities' dependencies (e.g. setup links).
 */
export async function withWorker<T>(ctx: LifecycleEnv, name: string, fn: (taskQueue: string) => Promise<T>, dns?: DnsCheckOptions, deps: Partial<ActivityDeps> = {}): Promise<T> {
  const taskQueue = uniqueTaskQueue(name);
  const worker = await createWorker({
    connection: ctx.env.nativeConnection,
    namespace: ctx.env.namespace ?? 'default',
    taskQueue,
    // A short settle delay keeps commit-then-fail tests fast; production waits UNCLEAR_WRITE_SETTLE.
    activities: createActivities({ client: clientFor(ctx.simulator), unclearWriteSettle: '1s', ...(dns ? { dns } : {}), ...deps }),
    workflowBundle: ctx.bundle,
  });
  return worker.runUntil(fn(taskQueue));
}

/** Adds a customer straight into the simulator's state. */
export function seedCustomer(simulator: RunningSimulator, domain: string, extra: { memberCount?: number; nonRealtimePaidApp?: boolean } = {}): Customer {
  return simulator.state.addCustomer({ domain, companyName: 'Acme Inc.', phoneNumber: '03-0000-0000', timeZone: 'Asia/Tokyo', locale: 'ja_JP' }, extra);
}

/** Queues a fault for the next `count` calls of an operation (control API). */
export async function queueFault(simulator: RunningSimulator, operation: string, fault: { kind: string; mode?: string; count?: number; status?: number; delayMs?: number }): Promise<void> {
  const response = await fetch(`${simulator.url}/_simulator/faults/${operation}/next`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
  });
  if (response.status !== 201) throw new Error(`queueing a fault answered ${response.status}`);
}

export async function controlPost(simulator: RunningSimulator, path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${simulator.url}/_simulator${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

/** The simulator's "today" (its time zone) and the date `days` later. */
export async function simulatorToday(simulator: RunningSimulator): Promise<string> {
  const response = await fetch(`${simulator.url}/_simulator/clock`);
  return ((await response.json()) as { today: string }).today;
}

export function plusDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** `operation status` of every journal entry for the given operations (all when none are given). */
export async function calls(simulator: RunningSimulator, ...operations: string[]): Promise<string[]> {
  return (await journal(simulator)).filter((e) => operations.length === 0 || operations.includes(e.operation)).map((e) => `${e.operation} ${e.status}`);
}

/** Polls a query until `predicate` holds (bounded: 60 s, generous for a loaded CI machine). */
export async function queryUntil<S>(handle: WorkflowHandle, query: string, predicate: (s: S) => boolean, what: string): Promise<S> {
  let status = (await handle.query(query)) as S;
  for (let i = 0; i < 600 && !predicate(status); i++) {
    await new Promise((r) => setTimeout(r, 100));
    status = (await handle.query(query)) as S;
  }
  if (!predicate(status)) throw new Error(`status never reached: ${what}; last: ${JSON.stringify(status)}`);
  return status;
}

/** The failure message of a workflow run that is expected to fail. */
export async function failureOf(promise: Promise<unknown>): Promise<Error & { cause?: Error }> {
  return promise.then(
    () => {
      throw new Error('expected the workflow to fail');
    },
    (err: unknown) => err as Error & { cause?: Error },
  );
}

/** Each run of a workflow from its first, following each continue-as-new: its run ID, history length, and whether it continued. */
export async function runChain(client: Client, workflowId: string, firstRunId: string): Promise<{ runId: string; events: number; continued: boolean }[]> {
  const runs: { runId: string; events: number; continued: boolean }[] = [];
  for (let runId: string | undefined = firstRunId; runId !== undefined; ) {
    const history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>> = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events = history.events ?? [];
    const next: string | undefined = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    runs.push({ runId, events: events.length, continued: next !== undefined });
    runId = next;
  }
  return runs;
}
