// Benchmark `overhead`: N group-name onboardings (onboardCustomer, the real workflow) against N bare workflows making
// the same Partner API calls, one activity per call and nothing else (scripts/bench/bare/), C at a time, one after the
// other on the same Temporal server, simulator and worker process (this one). API pacing is off on both sides (the
// simulator's limit lifted, the client's off) so the ratio measures the workflow machinery, not the limit.
//   npm run bench -- overhead [--count 200] [--concurrency 20] [--latency-ms 0]
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Client } from '@temporalio/client';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities/index.js';
import { StaticTokenProvider } from '../../partner-api/auth.js';
import { PartnerApiClient } from '../../partner-api/client.js';
import { SIMULATOR_TOKEN } from '../../partner-api/from-config.js';
import { startSimulator } from '../../simulator/app.js';
import { createWorker } from '../../workers/worker.js';
import { onboardCustomer, onboardWorkflowId } from '../../workflows/index.js';
import { createBareActivities } from './bare/activities.js';
import { benchTemporal, control, intFlag, journalCounts, lanes, machine, progress, setLatency, type Simulator } from './harness.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    count: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '20' },
    'latency-ms': { type: 'string', default: '0' },
  },
});
const count = intFlag('count', values.count, 2_000);
const concurrency = intFlag('concurrency', values.concurrency, 200);
const latencyMs = intFlag('latency-ms', values['latency-ms'], 10_000, 0);
const DEADLINE = Date.now() + 15 * 60_000;
const BARE_WORKFLOW = fileURLToPath(new URL('./bare/workflow.ts', import.meta.url));

Runtime.install({ logger: new DefaultLogger('ERROR') });

interface Phase {
  workflow: string;
  completed: number;
  failed: number;
  elapsedSeconds: number;
  workflowsPerSecond: number;
  latencyMsP50: number;
  apiCallsPerWorkflow: number;
  byOperation: Record<string, number>;
}

async function phase(sim: Simulator, name: string, run: (i: number) => Promise<unknown>): Promise<Phase> {
  await control(sim, 'POST', '/reset');
  await control(sim, 'PUT', '/rate-limits', { perMinute: 1_000_000 });
  await setLatency(sim, latencyMs);
  progress(`${name}: ${count} workflows, ${concurrency} at a time`);
  const latencies: number[] = [];
  let failed = 0;
  const started = performance.now();
  await lanes(count, concurrency, DEADLINE, async (i) => {
    const t0 = performance.now();
    try {
      await run(i);
      latencies.push(performance.now() - t0);
    } catch {
      failed++;
    }
  });
  const elapsedMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const counts = journalCounts(sim);
  return {
    workflow: name,
    completed: latencies.length,
    failed,
    elapsedSeconds: Number((elapsedMs / 1000).toFixed(2)),
    workflowsPerSecond: Number((latencies.length / (elapsedMs / 1000)).toFixed(2)),
    latencyMsP50: Math.round(latencies[Math.floor(latencies.length / 2)] ?? 0),
    apiCallsPerWorkflow: Number((counts.total / count).toFixed(2)),
    byOperation: counts.byOperation,
  };
}

function customer(prefix: string, i: number) {
  return { domain: `${prefix}${i}-${process.pid % 1000}.by-works.com`, companyName: `Bench ${i}`, phoneNumber: '03-0000-0000' };
}

const temporal = await benchTemporal();
const sim = await startSimulator(0, { rateLimitPerMinute: 1_000_000 });
const client = new PartnerApiClient({ baseUrl: sim.baseUrl, tokens: new StaticTokenProvider(SIMULATOR_TOKEN), rateLimits: false });
const queues = { service: `bench-overhead-${process.pid}`, bare: `bench-bare-${process.pid}` };
const [service, bare] = await Promise.all([
  createWorker({ connection: temporal.connection, namespace: temporal.namespace, taskQueue: queues.service, activities: createActivities({ client }) }),
  Worker.create({ connection: temporal.connection, namespace: temporal.namespace, taskQueue: queues.bare, workflowsPath: BARE_WORKFLOW, activities: createBareActivities(client) }),
]);
const workflows: Client['workflow'] = temporal.client.workflow;
let phases: Phase[] = [];
try {
  phases = await service.runUntil(() =>
    bare.runUntil(async () => [
      await phase(sim, 'onboardCustomer', (i) => {
        const c = customer('o', i);
        return workflows.execute(onboardCustomer, { taskQueue: queues.service, workflowId: onboardWorkflowId(c.domain), args: [{ ...c, timeZone: 'Asia/Tokyo', locale: 'ja_JP' }] });
      }),
      await phase(sim, 'bareOnboarding', (i) => {
        const c = customer('b', i);
        return workflows.execute('bareOnboarding', { taskQueue: queues.bare, workflowId: `bare/${c.domain}`, args: [c] });
      }),
    ]),
  );
} finally {
  await sim.app.close();
  await temporal.stop();
}
const [onboarding, bareRun] = phases;
const summary = {
  scenario: 'overhead',
  machine: machine(),
  settings: { count, concurrency, latencyMs, apiLimit: 'off' },
  phases,
  // How much longer the service's onboarding takes than bare workflows making the same calls (1 = no overhead).
  elapsedRatio: onboarding && bareRun && bareRun.elapsedSeconds > 0 ? Number((onboarding.elapsedSeconds / bareRun.elapsedSeconds).toFixed(2)) : null,
  latencyRatioP50: onboarding && bareRun && bareRun.latencyMsP50 > 0 ? Number((onboarding.latencyMsP50 / bareRun.latencyMsP50).toFixed(2)) : null,
};
console.log(JSON.stringify(summary, null, 2));
process.exit(phases.every((p) => p.failed === 0 && p.completed === count) ? 0 : 1);
