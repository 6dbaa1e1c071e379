// Helpers for the subscription integration tests: the simulator's control API (seed, faults, clock) over HTTP, and
// a worker whose activities read "today" from the simulator's clock.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities } from '../../activities/index.js';
import { createSubscriptionActivities } from '../../activities/subscriptions.js';
import { createWorker } from '../../workers/worker.js';
import { clientFor, startTestSimulator, type RunningSimulator } from '../helpers/simulator.js';
import { bundleWorkflows, createLocalEnv, uniqueTaskQueue } from '../helpers/temporal.js';

export async function control<T = unknown>(sim: RunningSimulator, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${sim.url}/_simulator${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`control ${method} ${path} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Seeds one customer; returns its domainId. */
export async function seedCustomer(sim: RunningSimulator, customer: Record<string, unknown>): Promise<number> {
  const { domainIds } = await control<{ domainIds: number[] }>(sim, 'POST', '/seed', { customers: [customer] });
  return domainIds[0]!;
}

/** The next call of `operation` applies its change and then fails (500, or a dropped connection). */
export async function commitThenFail(sim: RunningSimulator, operation: string, mode: 'error' | 'drop' = 'error'): Promise<void> {
  await control(sim, 'POST', `/faults/${operation}/next`, { kind: 'commitThenFail', mode });
}

export async function simToday(sim: RunningSimulator): Promise<string> {
  return (await control<{ today: string }>(sim, 'GET', '/clock')).today;
}

/** A worker with every activity; "now" for the planner is the simulator's clock (`now`, default: read it directly). */
export async function startWorker(
  env: TestWorkflowEnvironment,
  bundle: WorkflowBundleWithSourceMap,
  sim: RunningSimulator,
  taskQueue: string,
  now: () => number | Promise<number> = () => sim.clock.nowMs(),
  /** Activities that stand in for the real ones of the same name (a test's wrapper). */
  replaced: Record<string, (...args: never[]) => Promise<unknown>> = {},
) {
  const client = clientFor(sim);
  return createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    // A short settle delay keeps commit-then-fail tests fast; production waits UNCLEAR_WRITE_SETTLE.
    activities: { ...createActivities({ client }), ...createSubscriptionActivities({ client, now, unclearWriteSettle: '1s' }), ...replaced },
    workflowBundle: bundle,
  });
}

export const STD_CUSTOMER = {
  domain: 'acme.example',
  companyName: 'Acme Inc.',
  activated: true,
  memberCount: 8,
  subscriptions: [{ productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 10 }],
};

export interface RunningWorld {
  env: TestWorkflowEnvironment;
  bundle: WorkflowBundleWithSourceMap;
  sim: RunningSimulator;
  /** Stops the worker, the simulator and the Temporal server. */
  stop: () => Promise<void>;
}

/** A dev server, the simulator and a worker running on `taskQueue` for a whole test file (`replaced` as for startWorker). */
export async function startRunningWorld(taskQueue: string, replaced: Record<string, (...args: never[]) => Promise<unknown>> = {}): Promise<RunningWorld> {
  const [env, bundle, sim] = await Promise.all([createLocalEnv(), bundleWorkflows(), startTestSimulator()]);
  const worker = await startWorker(env, bundle, sim, taskQueue, undefined, replaced);
  const running = worker.run();
  return {
    env,
    bundle,
    sim,
    stop: async () => {
      worker.shutdown();
      await running;
      await sim.app.close();
      await env.teardown();
    },
  };
}

/**
 * A running world shared by every test of the file (started before the first, stopped after the last) and reset
 * before each test. Read `world.env`, `world.sim` inside tests (they are set once the file's tests run).
 */
export function useRunningWorld(name: string): RunningWorld & { taskQueue: string } {
  const world = { taskQueue: uniqueTaskQueue(name) } as RunningWorld & { taskQueue: string };
  beforeAll(async () => {
    Object.assign(world, await startRunningWorld(world.taskQueue));
  });
  afterAll(async () => {
    await world.stop?.();
  });
  beforeEach(async () => {
    await control(world.sim, 'POST', '/reset');
  });
  return world;
}

/** A dev server and the simulator for a whole test file, without a worker (each test starts the worker it needs). */
export function useServerAndSimulator(): { env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap; sim: RunningSimulator } {
  const world = {} as { env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap; sim: RunningSimulator };
  beforeAll(async () => {
    [world.env, world.bundle, world.sim] = await Promise.all([createLocalEnv(), bundleWorkflows(), startTestSimulator()]);
  });
  afterAll(async () => {
    await world.sim?.app.close();
    await world.env?.teardown();
  });
  return world;
}
