// Every `npm run bench` scenario runs at a tiny size and prints the JSON it promises: the machine, the settings, and
// counts that must hold whatever the speed (calls, changes applied, 429s, workflows waiting). Times are printed by the
// scenarios, never asserted here.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = fileURLToPath(new URL('../../scripts/bench/main.ts', import.meta.url));

/** Runs `npm run bench -- <args>` as node --import tsx; resolves with its exit code, JSON output and stderr. */
function bench(args: string[]): Promise<{ code: number | null; json: Record<string, unknown> | undefined; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const start = stdout.indexOf('{');
      let json: Record<string, unknown> | undefined;
      try {
        json = start >= 0 ? (JSON.parse(stdout.slice(start)) as Record<string, unknown>) : undefined;
      } catch {
        json = undefined;
      }
      resolve({ code, json, stderr: `${stderr}\n${stdout}` });
    });
  });
}

const machineShape = { cores: expect.any(Number), memoryGiB: expect.any(Number), date: expect.any(String) };

test('an unknown scenario is refused with the list of scenarios', async () => {
  const run = await bench(['fastest']);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('<bulk|overhead|waiting|onboarding>');
});

test('bulk: the sequential script and the bulk workflow on 1 and 2 worker processes each apply every change once, without 429', async () => {
  const run = await bench(['bulk', '--customers', '3', '--latency-ms', '10', '--workers', '1,2', '--timeout-minutes', '3']);
  expect({ code: run.code, out: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, out: '' });
  expect(run.json).toMatchObject({ scenario: 'bulk', machine: machineShape, settings: { customers: 3, latencyMs: 10, limitPerMinute: 240, workers: [1, 2] } });
  const configurations = run.json!.configurations as Array<Record<string, unknown>>;
  expect(configurations.map((c) => [c.mode, c.workers])).toEqual([
    ['sequential', undefined],
    ['workflows', 1],
    ['workflows', 2],
  ]);
  for (const c of configurations) {
    expect(c).toMatchObject({ customers: 3, applied: 3, failed: 0, rateLimited: 0, finished: true, elapsedSeconds: expect.any(Number), floorSeconds: expect.any(Number) });
    const byOperation = c.byOperation as Record<string, number>;
    expect(byOperation.addLicenseCount).toBe(3);
    expect(c.calls).toBe(Object.values(byOperation).reduce((a, b) => a + b, 0));
    expect(c.callsPerChange).toBe((c.calls as number) / 3);
  }
  // The sequential script reads, adds and reads back: three calls per change.
  expect(configurations[0]!.byOperation).toEqual({ listSubscriptions: 3, addLicenseCount: 3, getSubscription: 3 });
  expect(configurations[1]).toHaveProperty('speedupVsSequential');
}, 300_000);

test('overhead: the onboarding workflow and the bare workflow make the same calls, and the ratio is printed', async () => {
  const run = await bench(['overhead', '--count', '3', '--concurrency', '2']);
  expect({ code: run.code, out: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, out: '' });
  expect(run.json).toMatchObject({ scenario: 'overhead', machine: machineShape, settings: { count: 3, concurrency: 2 }, elapsedRatio: expect.any(Number) });
  const [onboarding, bare] = run.json!.phases as Array<Record<string, unknown>>;
  expect(onboarding).toMatchObject({ workflow: 'onboardCustomer', completed: 3, failed: 0 });
  expect(bare).toMatchObject({ workflow: 'bareOnboarding', completed: 3, failed: 0 });
  expect(bare!.byOperation).toEqual(onboarding!.byOperation);
}, 300_000);

// A cache of 2 runs for 4 onboardings: runs are evicted and replayed on the worker's shared schemas (domain/shared-schema.ts).
test('waiting: every onboarding reaches its DNS wait and the worker process is measured', async () => {
  const run = await bench(['waiting', '--onboardings', '4', '--sample-seconds', '2', '--max-cached-workflows', '2', '--worker-node-options=--max-old-space-size=256']);
  expect({ code: run.code, out: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, out: '' });
  expect(run.json).toMatchObject({
    scenario: 'waiting',
    machine: machineShape,
    settings: { onboardings: 4, sampleSeconds: 2, maxCachedWorkflows: 2, workerNodeOptions: '--max-old-space-size=256' },
    waitingForDns: 4,
    worker: { rssMaxWhileWaitingMiB: expect.any(Number), cpuPercentWhileWaiting: expect.any(Number) },
  });
  expect((run.json!.worker as { rssMaxWhileWaitingMiB: number }).rssMaxWhileWaitingMiB).toBeGreaterThan(0);
}, 300_000);

test('onboarding: group-name onboardings complete and the run prints its JSON', async () => {
  const run = await bench(['onboarding', '--count', '3', '--concurrency', '2']);
  expect({ code: run.code, out: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, out: '' });
  expect(run.json).toMatchObject({ scenario: 'onboarding', machine: machineShape, workflows: 3, completed: 3, failures: 0, apiCalls: expect.any(Number) });
}, 300_000);
