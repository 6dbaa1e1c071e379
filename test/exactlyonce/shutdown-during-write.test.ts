// A worker stopped (SIGTERM) while its add-license-count is in flight, which LINE WORKS commits late: the write ends
// unclear like a timeout, so the retry on the next worker waits the settle delay and reads the late commit instead
// of adding again. The workers are real processes (scripts/chaos/worker-process.ts) on a real dev server.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startWorkerProcess, type WorkerProcess } from '../../scripts/chaos/processes.js';
import { changeSubscription, subscriptionChangeWorkflowId } from '../../workflows/index.js';
import { clientFor, journal, startTestSimulator, type RunningSimulator } from '../helpers/simulator.js';
import { bundleWorkflows, createLocalEnv, uniqueTaskQueue } from '../helpers/temporal.js';
import { control, seedCustomer, STD_CUSTOMER } from '../subscriptions/support.js';
import { eventually } from '../triggers/support.js';

let env: TestWorkflowEnvironment;
let sim: RunningSimulator;
let dir: string;
let bundleFile: string;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  const [e, bundle, s, d] = await Promise.all([createLocalEnv(), bundleWorkflows(), startTestSimulator(), mkdtemp(path.join(os.tmpdir(), 'shutdown-write-'))]);
  [env, sim, dir] = [e, s, d];
  bundleFile = path.join(dir, 'workflows.js');
  await writeFile(bundleFile, bundle.code);
});
afterAll(async () => {
  for (const w of workers) w.signal('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
  await sim?.app.close();
  await env?.teardown();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('SIGTERM during an add-license-count that the simulator commits 8 s late: exactly one write, reported ALREADY_APPLIED', async () => {
  const domainId = await seedCustomer(sim, STD_CUSTOMER);
  const subscription = (await clientFor(sim).listSubscriptions(domainId)).subscriptions!.find((s) => s.productId === 'STD')!;
  await control(sim, 'POST', '/faults/addLicenseCount/next', { kind: 'slow', delayMs: 8_000 });

  const taskQueue = uniqueTaskQueue('shutdown-write');
  const workerEnv = {
    WORKER_TEMPORAL_ADDRESS: env.address,
    WORKER_TASK_QUEUE: taskQueue,
    WORKER_SIMULATOR_URL: sim.url,
    WORKER_BUNDLE_FILE: bundleFile,
    // The settle delay (15 s) outlasts the late commit (8 s), as the production 2 minutes outlast LINE WORKS'.
    WORKER_SETTLE: '15s',
    // A short grace, so the shutdown cuts the write off (a longer one would let it finish: also one write).
    WORKER_SHUTDOWN_GRACE: '2s',
  };
  const first = await startWorkerProcess(workerEnv);
  workers.push(first);

  const workflowId = subscriptionChangeWorkflowId(domainId, 'sigterm-1');
  const handle = await env.client.workflow.start(changeSubscription, {
    taskQueue,
    workflowId,
    args: [{ domainId, requestId: 'sigterm-1', action: 'ADD_LICENSES', subscriptionId: subscription.subscriptionId, addLicenses: 3, when: 'now' }],
  });
  // The write is in flight once the simulator has drawn the queued slow fault for it (the request has arrived and is
  // held 8 s): waiting for that, not for a fixed time, which a loaded machine could outrun.
  await eventually(async () => {
    const { profiles } = await control<{ profiles: Record<string, { next?: unknown[] }> }>(sim, 'GET', '/faults');
    return (profiles.addLicenseCount?.next ?? []).length === 0 ? true : undefined;
  }, 'the write to reach the simulator');
  first.signal('SIGTERM');
  const second = await startWorkerProcess(workerEnv);
  workers.push(second);
  expect(await first.exited).toBe(0);

  const result = await handle.result();
  expect(result).toMatchObject({ outcome: 'APPLIED', applied: [{ operationId: 'addLicenseCount', outcome: 'ALREADY_APPLIED' }] });
  const after = (await clientFor(sim).listSubscriptions(domainId)).subscriptions!.find((s) => s.subscriptionId === subscription.subscriptionId)!;
  expect(after.licenseCount).toBe(subscription.licenseCount! + 3);
  expect((await journal(sim)).filter((e) => e.operation === 'addLicenseCount')).toHaveLength(1);
});
