// A Temporal dev server, the simulator and a data directory for one report test file, with real worker processes
// (node --import tsx workers/main.ts) that a test can SIGKILL between report pages.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startTestSimulator, type RunningSimulator } from '../helpers/simulator.js';
import { createLocalEnv, uniqueTaskQueue } from '../helpers/temporal.js';
import { startProcess, type RunningProcess } from '../production/processes.js';
import { control } from '../subscriptions/support.js';

export interface ReportWorld {
  env: TestWorkflowEnvironment;
  sim: RunningSimulator;
  dataDir: string;
  taskQueue: string;
  /** A worker process on the file's task queue, data directory and simulator (killed after the file's tests). */
  startWorker: () => RunningProcess;
}

/** Set up before the file's tests and torn down after them; read its fields inside tests. */
export function useReportWorld(name: string): ReportWorld {
  const workers: RunningProcess[] = [];
  const world = { taskQueue: uniqueTaskQueue(name) } as ReportWorld;
  world.startWorker = () => {
    const worker = startProcess('workers/main.ts', [], {
      TEMPORAL_ADDRESS: world.env.address,
      TEMPORAL_TASK_QUEUE: world.taskQueue,
      SCHEDULES_ENABLED: 'false',
      DATA_DIR: world.dataDir,
      LINEWORKS_API_BASE_URL: world.sim.baseUrl,
    });
    workers.push(worker);
    return worker;
  };
  beforeAll(async () => {
    [world.env, world.sim, world.dataDir] = await Promise.all([createLocalEnv(), startTestSimulator(), mkdtemp(path.join(os.tmpdir(), `${name}-`))]);
  });
  afterAll(async () => {
    for (const worker of workers) worker.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    await world.sim?.app.close();
    await world.env?.teardown();
    if (world.dataDir) await rm(world.dataDir, { recursive: true, force: true });
  });
  return world;
}

/** Seeds `count` activated Standard customers and moves the clock 40 days on; returns their IDs and last month. */
export async function seedLastMonth(sim: RunningSimulator, prefix: string, count: number) {
  const customers = Array.from({ length: count }, (_, i) => ({ domain: `${prefix}-${i}.example`, companyName: `${prefix} ${i}`, activated: true, memberCount: 3, subscriptions: [{ productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 5 }] }));
  const { domainIds } = await control<{ domainIds: number[] }>(sim, 'POST', '/seed', { customers });
  const clock = await control<{ today: string }>(sim, 'POST', '/clock/advance', { days: 40 });
  const [y, m] = clock.today.split('-').map(Number) as [number, number];
  return { domainIds, period: m === 1 ? { year: y - 1, month: 12 } : { year: y, month: m - 1 } };
}
