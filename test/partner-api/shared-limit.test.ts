// Several worker processes share one partner-wide limit: three client processes (each with its own process-wide
// limiters, as three workers have) call the same operation as fast as they are let through, against one simulator
// whose limit (12/min) is far below what they ask for. Pacing by the API's headers keeps them under it together: the
// simulator refuses nothing, and the window's calls are still used.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startTestSimulator, type RunningSimulator } from '../helpers/simulator.js';

const CALLER = fileURLToPath(new URL('./support/paced-caller.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LIMIT = 12;

interface Counts {
  ok: number;
  rateLimited: number;
  failed: number;
}

/** Starts a caller process; resolves once it is ready, with a way to start it and its counts at the end. */
async function startCaller(baseUrl: string): Promise<{ go: () => void; counts: Promise<Counts> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CALLER], {
    cwd: ROOT,
    env: { ...process.env, CALLER_BASE_URL: baseUrl, CALLER_LANES: '4', CALLER_DURATION_MS: '8000' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  for (let i = 0; i < 600 && !output.includes('ready'); i++) {
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!output.includes('ready')) {
    child.kill('SIGKILL');
    throw new Error(`caller process not ready:\n${output}`);
  }
  const counts = exited.then((code) => {
    const line = output.trim().split('\n').at(-1) ?? '';
    if (code !== 0) throw new Error(`caller process exited ${code}:\n${output}`);
    return JSON.parse(line) as Counts;
  });
  return { go: () => child.stdin.write('go\n'), counts };
}

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startTestSimulator({ rateLimitPerMinute: LIMIT });
});

afterAll(async () => {
  await sim?.app.close();
});

test('three client processes together stay under the partner-wide limit and use it', async () => {
  const callers = await Promise.all([startCaller(sim.baseUrl), startCaller(sim.baseUrl), startCaller(sim.baseUrl)]);
  for (const caller of callers) caller.go();
  const counts = await Promise.all(callers.map((c) => c.counts));

  const limits = (await (await fetch(`${sim.url}/_simulator/rate-limits`)).json()) as { refused: Record<string, number> };
  expect({ refused: limits.refused, counts }).toEqual({ refused: {}, counts: expect.anything() });
  expect(counts.map((c) => c.rateLimited + c.failed)).toEqual([0, 0, 0]);
  // One window (8 s of a 60 s window): all of it but the reserve (3) is used, never more than the limit.
  const sent = sim.state.journal.filter((e) => e.operation === 'listCustomers');
  expect(sent.every((e) => e.status === 200)).toBe(true);
  const ok = counts.reduce((sum, c) => sum + c.ok, 0);
  expect(ok).toBe(sent.length);
  expect(ok).toBeGreaterThanOrEqual(LIMIT - 3);
  expect(ok).toBeLessThanOrEqual(LIMIT);
  // Every process got a share of it.
  expect(counts.every((c) => c.ok > 0)).toBe(true);
}, 90_000);
