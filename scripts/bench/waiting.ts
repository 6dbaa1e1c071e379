// Benchmark `waiting`: N custom-domain onboardings waiting for DNS on one worker process (`node --import tsx`, the
// client's pacing on), the worker measured alone from /proc (not this process, not the simulator, not Temporal). The
// worker's DNS checks go to a closed port (every check fails quickly), so every onboarding stays in its DNS wait, checking
// on its schedule. Reported: the worker's RSS and CPU while the onboardings start, and over `--sample-seconds` of waiting.
// `--worker-node-options` gives the worker process Node flags (NODE_OPTIONS), e.g. "--max-old-space-size=256".
//   npm run bench -- waiting [--onboardings 1000] [--sample-seconds 60] [--start-concurrency 50] [--max-cached-workflows sdk|N]
//     [--worker-node-options "<flags>"]
import { parseArgs } from 'node:util';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { startSimulator } from '../../simulator/app.js';
import { onboardCustomer, onboardWorkflowId } from '../../workflows/index.js';
import { benchTemporal, intFlag, lanes, machine, processUsage, progress, sleep, startWorkers } from './harness.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    onboardings: { type: 'string', default: '1000' },
    'sample-seconds': { type: 'string', default: '60' },
    'start-concurrency': { type: 'string', default: '50' },
    'max-cached-workflows': { type: 'string', default: 'sdk' },
    'worker-node-options': { type: 'string', default: '' },
  },
});
const onboardings = intFlag('onboardings', values.onboardings, 10_000);
const sampleSeconds = intFlag('sample-seconds', values['sample-seconds'], 3_600);
const startConcurrency = intFlag('start-concurrency', values['start-concurrency'], 500);
// The worker's sticky cache: 'sdk' leaves Temporal's default (sized from the heap limit), a number bounds it.
const maxCached = values['max-cached-workflows'] === 'sdk' ? undefined : intFlag('max-cached-workflows', values['max-cached-workflows'], 100_000, 0);
const workerNodeOptions = values['worker-node-options'].trim();
const DEADLINE = Date.now() + 20 * 60_000;
const MiB = 2 ** 20;

Runtime.install({ logger: new DefaultLogger('ERROR') });

const temporal = await benchTemporal();
// The limit is not what is measured here: the simulator's is lifted, the client paces by it as deployed.
const sim = await startSimulator(0, { rateLimitPerMinute: 1_000_000 });
const taskQueue = `bench-waiting-${process.pid}`;
progress('starting the worker process');
const pool = await startWorkers(temporal, sim, taskQueue, 1, {
  WORKER_RATE_LIMIT_PER_MINUTE: '1000000',
  ...(maxCached === undefined ? {} : { WORKER_MAX_CACHED_WORKFLOWS: String(maxCached) }),
  ...(workerNodeOptions ? { NODE_OPTIONS: [process.env.NODE_OPTIONS, workerNodeOptions].filter(Boolean).join(' ') } : {}),
});
const pid = pool.workers[0]!.pid;
const rss = { idle: 0, maxStarting: 0, maxWaiting: 0, samplesWaiting: [] as number[] };
let summary: Record<string, unknown> | undefined;
let waiting = 0;
try {
  const idle = await processUsage(pid);
  rss.idle = idle.rssBytes;
  // Sample RSS while the onboardings start and reach their DNS wait.
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      rss.maxStarting = Math.max(rss.maxStarting, (await processUsage(pid)).rssBytes);
      await sleep(500);
    }
  })();
  progress(`starting ${onboardings} custom-domain onboardings`);
  const started = performance.now();
  await lanes(onboardings, startConcurrency, DEADLINE, async (i) => {
    const domain = `w${i}-${process.pid % 1000}.example`;
    await temporal.client.workflow.start(onboardCustomer, {
      taskQueue,
      workflowId: onboardWorkflowId(domain),
      args: [{ domain, companyName: `Waiting ${i}`, phoneNumber: '03-0000-0000', timeZone: 'Asia/Tokyo', locale: 'ja_JP' }],
    });
  });
  // Until every one is in its DNS wait (visibility, as an operator would ask), bounded.
  while (Date.now() < DEADLINE) {
    waiting = (await temporal.client.workflow.count(`ExecutionStatus = "Running" AND PartnerState = "WAITING_FOR_DNS" AND TaskQueue = "${taskQueue}"`)).count;
    if (waiting >= onboardings) break;
    await sleep(2_000);
  }
  const reachedWaitingSeconds = (performance.now() - started) / 1000;
  sampling = false;
  await sampler;
  const cpuAtWait = (await processUsage(pid)).cpuMs;
  progress(`${waiting} waiting for DNS after ${reachedWaitingSeconds.toFixed(0)} s; sampling the worker for ${sampleSeconds} s`);
  const sampleStart = performance.now();
  while (performance.now() - sampleStart < sampleSeconds * 1000) {
    const usage = await processUsage(pid);
    rss.samplesWaiting.push(usage.rssBytes);
    rss.maxWaiting = Math.max(rss.maxWaiting, usage.rssBytes);
    await sleep(1_000);
  }
  const cpuEnd = (await processUsage(pid)).cpuMs;
  const wallMs = performance.now() - sampleStart;
  const avg = rss.samplesWaiting.reduce((a, b) => a + b, 0) / Math.max(1, rss.samplesWaiting.length);
  summary = {
    scenario: 'waiting',
    machine: machine(),
    settings: { onboardings, sampleSeconds, startConcurrency, maxCachedWorkflows: maxCached ?? 'sdk default', workerNodeOptions: workerNodeOptions || 'none' },
    waitingForDns: waiting,
    reachedWaitingSeconds: Number(reachedWaitingSeconds.toFixed(1)),
    worker: {
      rssIdleMiB: Math.round(rss.idle / MiB),
      rssMaxWhileStartingMiB: Math.round(rss.maxStarting / MiB),
      rssMaxWhileWaitingMiB: Math.round(rss.maxWaiting / MiB),
      rssAvgWhileWaitingMiB: Math.round(avg / MiB),
      cpuSecondsToReachWaiting: Number(((cpuAtWait - idle.cpuMs) / 1000).toFixed(1)),
      // Share of one core used while everything waits (100 = one core busy).
      cpuPercentWhileWaiting: Number(((100 * (cpuEnd - cpuAtWait)) / wallMs).toFixed(1)),
    },
    apiCalls: sim.state.journal.length,
  };
} finally {
  await pool.stop();
  await sim.app.close();
  await temporal.stop();
}
console.log(JSON.stringify(summary, null, 2));
process.exit(waiting >= onboardings ? 0 : 1);
