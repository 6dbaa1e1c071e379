// Benchmark: onboard N group-name customers (no DNS wait) end to end through a real Temporal server (a local dev server,
// or the configured cluster when TEMPORAL_ADDRESS or a profile is set), a real
// worker and the simulator over HTTP, C at a time. Reports throughput, latency percentiles and the process's memory.
//   npm run bench -- onboarding [--count 200] [--concurrency 20] [--api-limit 240|off] [--text]
// Prints one JSON object (with the machine's cores and memory); --text prints lines for people instead.
// Speed and memory are measured here, never asserted in tests. Bounded: at most 2000 workflows and 10 minutes.
import { parseArgs } from 'node:util';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createActivities } from '../../activities/index.js';
import { StaticTokenProvider } from '../../partner-api/auth.js';
import { PartnerApiClient } from '../../partner-api/client.js';
import { SIMULATOR_TOKEN } from '../../partner-api/from-config.js';
import { startSimulator } from '../../simulator/app.js';
import { createWorker } from '../../workers/worker.js';
import { onboardCustomer, onboardWorkflowId } from '../../workflows/index.js';
import { benchTemporal, intFlag, machine } from './harness.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    count: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '20' },
    'api-limit': { type: 'string', default: '240' },
    text: { type: 'boolean', default: false },
  },
});

const count = intFlag('count', values.count, 2000);
const concurrency = intFlag('concurrency', values.concurrency, 200);
const apiLimit = values['api-limit'] === 'off' ? undefined : intFlag('api-limit', values['api-limit'], 100_000);
const DEADLINE_MS = 10 * 60_000;

Runtime.install({ logger: new DefaultLogger('ERROR') });
const temporal = await benchTemporal();
// The simulator must not be the bottleneck being measured: its own limit is lifted; the client's is the one under test.
const simulator = await startSimulator(0, { rateLimitPerMinute: 1_000_000 });
const client = new PartnerApiClient({
  baseUrl: simulator.baseUrl,
  tokens: new StaticTokenProvider(SIMULATOR_TOKEN),
  ...(apiLimit === undefined ? { rateLimits: false as const } : { rateLimitPerMinute: apiLimit }),
});
const taskQueue = `bench-${process.pid}`;
const worker = await createWorker({ connection: temporal.connection, namespace: temporal.namespace, taskQueue, activities: createActivities({ client }) });

const memory = { rssMax: 0, heapUsedMax: 0 };
const sampler = setInterval(() => {
  const usage = process.memoryUsage();
  memory.rssMax = Math.max(memory.rssMax, usage.rss);
  memory.heapUsedMax = Math.max(memory.heapUsedMax, usage.heapUsed);
}, 250);

const latencies: number[] = [];
let failures = 0;
const started = performance.now();
await worker.runUntil(async () => {
  let next = 0;
  const lane = async () => {
    while (next < count && performance.now() - started < DEADLINE_MS) {
      const i = next++;
      const domain = `b${i}-${process.pid % 1000}.by-works.com`;
      const t0 = performance.now();
      try {
        await temporal.client.workflow.execute(onboardCustomer, {
          taskQueue,
          workflowId: onboardWorkflowId(domain),
          args: [{ domain, companyName: `Bench ${i}`, phoneNumber: '03-0000-0000', timeZone: 'Asia/Tokyo', locale: 'ja_JP' }],
        });
        latencies.push(performance.now() - t0);
      } catch {
        failures++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
});
const elapsedMs = performance.now() - started;
clearInterval(sampler);
await simulator.app.close();
await temporal.stop();

latencies.sort((a, b) => a - b);
const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0);
const summary = {
  scenario: 'onboarding',
  machine: machine(),
  workflows: count,
  completed: latencies.length,
  failures,
  concurrency,
  apiLimitPerMinute: apiLimit ?? 'off',
  elapsedSeconds: Number((elapsedMs / 1000).toFixed(1)),
  workflowsPerSecond: Number((latencies.length / (elapsedMs / 1000)).toFixed(2)),
  latencyMs: { p50: pct(50), p95: pct(95), p99: pct(99), max: Math.round(latencies.at(-1) ?? 0) },
  memoryMiB: { rssMax: Math.round(memory.rssMax / 2 ** 20), heapUsedMax: Math.round(memory.heapUsedMax / 2 ** 20) },
  apiCalls: simulator.state.journal.length,
};
if (!values.text) console.log(JSON.stringify(summary, null, 2));
else {
  console.log(`machine     ${summary.machine.cores} cores, ${summary.machine.memoryGiB} GiB (${summary.machine.cpuModel}), ${summary.machine.date}`);
  console.log(`onboarded ${summary.completed}/${count} group-name customers (${failures} failed) in ${summary.elapsedSeconds}s, ${concurrency} at a time`);
  console.log(`  throughput  ${summary.workflowsPerSecond} workflows/s (${summary.apiCalls} Partner API calls, client limit ${summary.apiLimitPerMinute}/min per operation)`);
  console.log(`  latency     p50 ${summary.latencyMs.p50} ms, p95 ${summary.latencyMs.p95} ms, p99 ${summary.latencyMs.p99} ms, max ${summary.latencyMs.max} ms`);
  console.log(`  memory      rss max ${summary.memoryMiB.rssMax} MiB, heap used max ${summary.memoryMiB.heapUsedMax} MiB (worker, simulator and client in one process)`);
}
process.exit(failures > 0 ? 1 : 0);
