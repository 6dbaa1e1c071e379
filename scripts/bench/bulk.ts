// Benchmark `bulk`: add 5 licenses for N customers (each on STD, 10 licenses) with the simulator answering every call
// after `--latency-ms` and its per-operation limit on (`--limit`/min, counting every worker together). Configurations,
// each on a fresh simulated world:
//   - sequential: a plain script with the same client (its default pacing), one customer after the other: read the
//     subscriptions, add the licenses, read the subscription back (what users run today);
//   - workflows: one bulkChange (its per-customer changeSubscription workflows, `--concurrency` at a time) on 1 and on
//     3 worker processes (`--workers 1,3`), each a `node --import tsx` process with the client's pacing on.
// Reported per configuration: elapsed, the floor (the busiest operation's calls ÷ its limit), elapsed ÷ floor, 429s,
// calls per change, changes applied / failed (every customer must end with exactly 15 licenses).
//   npm run bench -- bulk [--customers 1000] [--latency-ms 200] [--limit 240] [--workers 1,3] [--concurrency 50]
//                         [--sequential on|off] [--timeout-minutes 40]
import { parseArgs } from 'node:util';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { StaticTokenProvider } from '../../partner-api/auth.js';
import { PartnerApiClient } from '../../partner-api/client.js';
import { SIMULATOR_TOKEN } from '../../partner-api/from-config.js';
import { startSimulator } from '../../simulator/app.js';
import { bulkChange, bulkChangeWorkflowId } from '../../workflows/index.js';
import { benchTemporal, control, intFlag, journalCounts, machine, progress, setLatency, startWorkers, type BenchTemporal, type Simulator } from './harness.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    customers: { type: 'string', default: '1000' },
    'latency-ms': { type: 'string', default: '200' },
    limit: { type: 'string', default: '240' },
    workers: { type: 'string', default: '1,3' },
    concurrency: { type: 'string', default: '50' },
    sequential: { type: 'string', default: 'on' },
    'timeout-minutes': { type: 'string', default: '40' },
  },
});
const customers = intFlag('customers', values.customers, 10_000);
const latencyMs = intFlag('latency-ms', values['latency-ms'], 10_000, 0);
const limit = intFlag('limit', values.limit, 100_000);
const workerCounts = values.workers === '' || values.workers === 'none' ? [] : values.workers.split(',').map((w) => intFlag('workers', w, 8));
const concurrency = intFlag('concurrency', values.concurrency, 50);
const sequential = values.sequential !== 'off';
const deadline = Date.now() + intFlag('timeout-minutes', values['timeout-minutes'], 240) * 60_000;
const ADD = 5;
const START_LICENSES = 10;

Runtime.install({ logger: new DefaultLogger('ERROR') });

interface Configuration {
  mode: 'sequential' | 'workflows';
  workers?: number;
  customers: number;
  elapsedSeconds: number;
  floorSeconds: number;
  elapsedVsFloor: number;
  busiestOperation: string;
  calls: number;
  callsPerChange: number;
  rateLimited: number;
  rateLimitedShare: number;
  applied: number;
  failed: number;
  byOperation: Record<string, number>;
  finished: boolean;
}

/**
 * Fresh customers for a configuration (N on STD with 10 licenses), an empty journal, new rate-limit windows, the limit
 * and the latency. The world is not reset: per-customer workflow IDs follow the domainId and refuse a duplicate, so
 * every configuration gets customers of its own. Returns their domainIds.
 */
async function freshWorld(sim: Simulator, label: string): Promise<number[]> {
  await control(sim, 'DELETE', '/faults');
  await control(sim, 'PUT', '/rate-limits', { perMinute: limit });
  const { domainIds } = await control<{ domainIds: number[] }>(sim, 'POST', '/seed', {
    customers: Array.from({ length: customers }, (_, i) => ({
      domain: `bulk-${label}-${i}.example`,
      companyName: `Bulk ${label} ${i}`,
      activated: true,
      memberCount: 5,
      subscriptions: [{ productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: START_LICENSES }],
    })),
  });
  await control(sim, 'DELETE', '/journal');
  sim.rateLimiter.clearWindows();
  await setLatency(sim, latencyMs);
  return domainIds;
}

/** What the journal and the world say after a configuration ran. */
function measure(sim: Simulator, domainIds: number[], mode: Configuration['mode'], elapsedMs: number, finished: boolean, workers?: number): Configuration {
  const counts = journalCounts(sim);
  const [busiestOperation, busiestCalls] = Object.entries(counts.byOperation).sort((a, b) => b[1] - a[1])[0] ?? ['none', 0];
  const floorSeconds = (busiestCalls / limit) * 60;
  const applied = domainIds.filter((id) => sim.state.subscriptionsOf(id)[0]?.licenseCount === START_LICENSES + ADD).length;
  const round = (n: number, digits = 2) => Number(n.toFixed(digits));
  return {
    mode,
    ...(workers === undefined ? {} : { workers }),
    customers,
    elapsedSeconds: round(elapsedMs / 1000, 1),
    floorSeconds: round(floorSeconds, 1),
    elapsedVsFloor: floorSeconds > 0 ? round(elapsedMs / 1000 / floorSeconds) : 0,
    busiestOperation,
    calls: counts.total,
    callsPerChange: round(counts.total / customers),
    rateLimited: counts.rateLimited,
    rateLimitedShare: counts.total > 0 ? round(counts.rateLimited / counts.total, 4) : 0,
    applied,
    // A customer not at exactly 15 licenses: not changed, or changed twice.
    failed: customers - applied,
    byOperation: counts.byOperation,
    finished,
  };
}

async function runSequential(sim: Simulator): Promise<Configuration> {
  const domainIds = await freshWorld(sim, 'seq');
  const client = new PartnerApiClient({ baseUrl: sim.baseUrl, tokens: new StaticTokenProvider(SIMULATOR_TOKEN), rateLimitPerMinute: limit });
  progress(`sequential script: ${customers} customers`);
  const started = performance.now();
  let finished = true;
  for (const domainId of domainIds) {
    if (Date.now() > deadline) {
      finished = false;
      break;
    }
    const sub = (await client.listSubscriptions(domainId)).subscriptions?.find((s) => s.productId === 'STD');
    if (!sub) continue;
    await client.addLicenseCount(domainId, String(sub.subscriptionId), { addLicenseCount: ADD });
    await client.getSubscription(domainId, String(sub.subscriptionId));
  }
  return measure(sim, domainIds, 'sequential', performance.now() - started, finished);
}

async function runWorkflows(sim: Simulator, temporal: BenchTemporal, workers: number): Promise<Configuration> {
  const domainIds = await freshWorld(sim, `${workers}w`);
  const taskQueue = `bench-bulk-${workers}-${process.pid}`;
  progress(`starting ${workers} worker process(es)`);
  const pool = await startWorkers(temporal, sim, taskQueue, workers, { WORKER_RATE_LIMIT_PER_MINUTE: String(limit) });
  try {
    progress(`bulkChange: ${customers} customers on ${workers} worker(s), ${concurrency} at a time`);
    const batchId = `bench-${workers}w-${process.pid}`;
    const started = performance.now();
    const handle = await temporal.client.workflow.start(bulkChange, {
      taskQueue,
      workflowId: bulkChangeWorkflowId(batchId),
      args: [{ batchId, change: { kind: 'subscription', request: { action: 'ADD_LICENSES', addLicenses: ADD, when: 'now' } }, customers: { domainIds, productId: 'STD' }, concurrency }],
    });
    const finished = await Promise.race([handle.result().then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), Math.max(0, deadline - Date.now())))]);
    const elapsedMs = performance.now() - started;
    if (!finished) await handle.terminate('benchmark time limit').catch(() => undefined);
    return measure(sim, domainIds, 'workflows', elapsedMs, finished, workers);
  } finally {
    await pool.stop();
  }
}

const sim = await startSimulator(0, {});
const temporal = workerCounts.length > 0 ? await benchTemporal() : undefined;
const configurations: Configuration[] = [];
try {
  // Each configuration's numbers go to stderr as soon as it ends, so a long run keeps what it measured.
  const keep = (c: Configuration) => {
    configurations.push(c);
    progress(`done: ${JSON.stringify(c)}`);
  };
  if (sequential) keep(await runSequential(sim));
  for (const workers of workerCounts) keep(await runWorkflows(sim, temporal!, workers));
} finally {
  await sim.app.close();
  await temporal?.stop();
}

const baseline = configurations.find((c) => c.mode === 'sequential');
const summary = {
  scenario: 'bulk',
  machine: machine(),
  settings: { customers, latencyMs, limitPerMinute: limit, concurrency, workers: workerCounts, sequential },
  configurations: configurations.map((c) => ({
    ...c,
    ...(baseline && c !== baseline && c.elapsedSeconds > 0 ? { speedupVsSequential: Number((baseline.elapsedSeconds / c.elapsedSeconds).toFixed(2)) } : {}),
  })),
};
console.log(JSON.stringify(summary, null, 2));
process.exit(configurations.every((c) => c.finished && c.failed === 0) ? 0 : 1);
