// What every benchmark scenario shares: the machine it ran on, the Temporal server measured, the simulator's control
// API, worker processes with a prebuilt workflow bundle, bounded waits and flag parsing. Scenarios print one JSON
// object on stdout (progress goes to stderr), so a run can be kept and compared.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../../config/env.js';
import { connectClientConnection, connectNative, temporalTarget } from '../../lib/temporal-connection.js';
import type { startSimulator } from '../../simulator/app.js';
import { workflowBundleOptions } from '../../workers/worker.js';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/index.js';
import { startWorkerProcess, type WorkerProcess } from '../chaos/processes.js';
import { findTemporalCli } from '../tools/temporal-cli.js';

export type Simulator = Awaited<ReturnType<typeof startSimulator>>;

/** The machine the numbers come from (printed with every run). */
export function machine() {
  return {
    date: new Date().toISOString(),
    cores: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    freeMemoryGiB: Number((os.freemem() / 2 ** 30).toFixed(1)),
    loadAverage1m: Number(os.loadavg()[0]!.toFixed(2)),
    node: process.version,
  };
}

export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** A whole number flag in [min, max]; exits 2 naming the flag otherwise. */
export function intFlag(name: string, raw: string, max: number, min = 1): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`--${name} must be a whole number from ${min} to ${max} (got ${raw})`);
    process.exit(2);
  }
  return value;
}

export interface BenchTemporal {
  client: Client;
  connection: NativeConnection;
  namespace: string;
  /** host:port, for worker processes. */
  address: string;
  stop: () => Promise<void>;
}

/**
 * The Temporal server measured: the one configured (TEMPORAL_ADDRESS or a profile, through the service's connection
 * builder: TLS, API key) when there is one, else a local dev server started for the run.
 */
export async function benchTemporal(): Promise<BenchTemporal> {
  const config = loadConfig();
  if (config.temporal.address) {
    const target = temporalTarget(config);
    const [connection, clientConnection] = await Promise.all([connectNative(target), connectClientConnection(target)]);
    return {
      client: new Client({ connection: clientConnection, namespace: target.namespace }),
      connection,
      namespace: target.namespace,
      address: target.options.address,
      stop: async () => {
        await clientConnection.close();
        await connection.close();
      },
    };
  }
  const cli = findTemporalCli();
  const env = await TestWorkflowEnvironment.createLocal({
    server: { ...(cli ? { executable: { type: 'existing-path', path: cli } } : {}), searchAttributes: ALL_SEARCH_ATTRIBUTES },
  });
  return { client: env.client, connection: env.nativeConnection, namespace: env.namespace ?? 'default', address: env.address, stop: () => env.teardown() };
}

/** Calls the simulator's control API; throws on anything but 2xx. */
export async function control<T = unknown>(sim: Simulator, method: string, route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${sim.url}/_simulator${route}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`simulator control ${method} ${route}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Every API call answers after `ms` (the simulator's "slow" fault on every operation); 0 turns it off. */
export async function setLatency(sim: Simulator, ms: number): Promise<void> {
  if (ms > 0) await control(sim, 'PUT', '/faults/*', { rates: { slow: 1 }, delayMs: ms });
  else await control(sim, 'DELETE', '/faults');
}

/** Calls per operation in the simulator's journal, and the 429s among them. */
export function journalCounts(sim: Simulator): { total: number; byOperation: Record<string, number>; rateLimited: number } {
  const byOperation: Record<string, number> = {};
  let rateLimited = 0;
  for (const entry of sim.state.journal) {
    byOperation[entry.operation] = (byOperation[entry.operation] ?? 0) + 1;
    if (entry.status === 429) rateLimited++;
  }
  return { total: sim.state.journal.length, byOperation, rateLimited };
}

export interface WorkerPool {
  workers: WorkerProcess[];
  stop: () => Promise<void>;
}

/**
 * Starts `count` worker processes (`node --import tsx`, scripts/chaos/worker-process.ts) on one task queue, sharing a
 * workflow bundle built once. `env` adds WORKER_* settings (e.g. WORKER_RATE_LIMIT_PER_MINUTE).
 */
export async function startWorkers(temporal: BenchTemporal, sim: Simulator, taskQueue: string, count: number, env: Record<string, string> = {}): Promise<WorkerPool> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-'));
  const bundle = await bundleWorkflowCode(workflowBundleOptions());
  const bundleFile = path.join(dir, 'workflows.js');
  await writeFile(bundleFile, bundle.code);
  const workerEnv = {
    WORKER_TEMPORAL_ADDRESS: temporal.address,
    WORKER_NAMESPACE: temporal.namespace,
    WORKER_TASK_QUEUE: taskQueue,
    WORKER_SIMULATOR_URL: sim.url,
    WORKER_BUNDLE_FILE: bundleFile,
    WORKER_REPORTS_DIR: path.join(dir, 'reports'),
    WORKER_SETTLE: '5s',
    ...env,
  };
  const workers = await Promise.all(Array.from({ length: count }, () => startWorkerProcess(workerEnv)));
  return {
    workers,
    stop: async () => {
      for (const worker of workers) worker.signal('SIGTERM');
      const stopped = await Promise.race([Promise.all(workers.map((w) => w.exited)), sleep(30_000).then(() => false as const)]);
      if (stopped === false) for (const worker of workers) worker.signal('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `task` with `concurrency` lanes over `count` items, stopping new items at `deadline` (ms since epoch). */
export async function lanes(count: number, concurrency: number, deadline: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count && Date.now() < deadline) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
}

/** RSS (bytes) and CPU time used so far (ms, user + system) of a process, from /proc (Linux). */
export async function processUsage(pid: number): Promise<{ rssBytes: number; cpuMs: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces): utime and stime are the 14th and 15th fields overall.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { rssBytes: rssKb * 1024, cpuMs: (ticks * 1000) / 100 };
}
