// Schedules are created in code at worker start, idempotently: the real worker process (`npm run worker`) creates
// them; calling again changes nothing; a changed definition is updated in place.
import { spawn } from 'node:child_process';
import { freePort } from '../helpers/ports.js';
import { stopChild as stop } from '../helpers/processes.js';
import { fileURLToPath } from 'node:url';
import { ScheduleNotFoundError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureSchedules, serviceSchedules } from '../../workers/schedules.js';
import { createLocalEnv, uniqueTaskQueue } from '../helpers/temporal.js';
import { startTestSimulator, type RunningSimulator } from '../helpers/simulator.js';
import { eventually } from './support.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** tsx's CLI run by this node directly, so signals reach the service without an npx process in between. */
const TSX = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url));
let env: TestWorkflowEnvironment;
let simulator: RunningSimulator;

beforeAll(async () => {
  [env, simulator] = await Promise.all([createLocalEnv(), startTestSimulator()]);
});

afterAll(async () => {
  await simulator?.app.close();
  await env?.teardown();
});

// The process tests wait up to 2 minutes for the process to be up (it bundles the workflows at start): their own bound
// is more than jest's default 120 s, so that a loaded CI machine only makes them slower.
const PROCESS_TEST_TIMEOUT_MS = 240_000;

async function describeOrUndefined(scheduleId: string) {
  try {
    return await env.client.schedule.getHandle(scheduleId).describe();
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return undefined;
    throw err;
  }
}

test('the worker process creates the monthly report and daily drift-check schedules when it starts', async () => {
  const taskQueue = uniqueTaskQueue('schedules-worker');
  const child = spawn(process.execPath, [TSX, 'workers/main.ts'], {
    cwd: ROOT,
    // Metrics off: their fixed default ports would collide with any other process serving them.
    env: { ...process.env, TEMPORAL_ADDRESS: env.address, TEMPORAL_TASK_QUEUE: taskQueue, LINEWORKS_API_BASE_URL: simulator.baseUrl, LOG_LEVEL: 'warn', SCHEDULES_ENABLED: 'true', METRICS_ENABLED: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    // Fails at once (with the worker's output) if the worker process exits instead of running.
    const exited = new Promise<never>((_resolve, reject) => child.once('exit', (code) => reject(new Error(`the worker exited (${code}):\n${output}`))));
    const monthly = await Promise.race([exited, eventually(() => describeOrUndefined('monthly-usage-invoice-report'), 'the monthly schedule', 1_200, 100)]).catch((err: Error) => {
      throw new Error(`${err.message}; worker output:\n${output}`);
    });
    const daily = await eventually(() => describeOrUndefined('daily-drift-check'), 'the daily schedule');
    // The definitions in code are the ones described here: 06:00 on the 2nd and 05:30 daily, Tokyo time.
    expect(serviceSchedules().map((d) => [d.scheduleId, d.cron, d.timeZone])).toEqual([
      ['monthly-usage-invoice-report', '0 6 2 * *', 'Asia/Tokyo'],
      ['daily-drift-check', '30 5 * * *', 'Asia/Tokyo'],
    ]);
    for (const [description, workflowType, workflowId, calendar] of [
      [monthly, 'monthlyReport', 'report/monthly', { minute: 0, hour: 6, dayOfMonth: [2, 2] }],
      [daily, 'driftCheck', 'drift-check/daily', { minute: 30, hour: 5, dayOfMonth: [1, 31] }],
    ] as const) {
      expect(description.action).toMatchObject({ type: 'startWorkflow', workflowType, workflowId, taskQueue });
      expect(description.policies.overlap).toBe('SKIP');
      expect(description.state.note).toContain('managed by workers/schedules.ts');
      // The server keeps a cron expression as its calendar form: exactly one calendar, nothing else.
      expect(description.spec).toEqual({ calendars: [expect.anything()], intervals: [], skip: [], timezone: 'Asia/Tokyo' });
      expect(description.spec.calendars?.[0]).toEqual({
        second: [{ start: 0, end: 0, step: 1 }],
        minute: [{ start: calendar.minute, end: calendar.minute, step: 1 }],
        hour: [{ start: calendar.hour, end: calendar.hour, step: 1 }],
        dayOfMonth: [{ start: calendar.dayOfMonth[0], end: calendar.dayOfMonth[1], step: 1 }],
        month: [{ start: 'JANUARY', end: 'DECEMBER', step: 1 }],
        year: [],
        dayOfWeek: [{ start: 'SUNDAY', end: 'SATURDAY', step: 1 }],
        comment: '',
      });
      expect(description.info.nextActionTimes.length).toBeGreaterThan(1);
    }
    // The next monthly runs are on the 2nd, 06:00 in Tokyo (21:00 UTC on the 1st), one a month.
    const monthlyTimes = monthly.info.nextActionTimes;
    for (const next of monthlyTimes) expect([next.getUTCDate(), next.getUTCHours(), next.getUTCMinutes(), next.getUTCSeconds()]).toEqual([1, 21, 0, 0]);
    expect(((monthlyTimes[1] as Date).getUTCMonth() - (monthlyTimes[0] as Date).getUTCMonth() + 12) % 12).toBe(1);
    // The next daily runs are at 05:30 in Tokyo (20:30 UTC the day before), 24 hours apart.
    const dailyTimes = daily.info.nextActionTimes;
    for (const next of dailyTimes) expect([next.getUTCHours(), next.getUTCMinutes(), next.getUTCSeconds()]).toEqual([20, 30, 0]);
    expect((dailyTimes[1] as Date).getTime() - (dailyTimes[0] as Date).getTime()).toBe(86_400_000);
  } finally {
    await stop(child);
  }
}, PROCESS_TEST_TIMEOUT_MS);

test('npm start (scripts/start.ts) creates the schedules and runs the webhook when CRM_WEBHOOK_SECRET is set', async () => {
  const taskQueue = uniqueTaskQueue('schedules-start');
  const webhookPort = await freePort();
  const child = spawn(process.execPath, [TSX, 'scripts/start.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      LINEWORKS_API_BASE_URL: simulator.baseUrl,
      CRM_WEBHOOK_SECRET: 'start-test-secret-0123456789abcdef',
      WEBHOOK_PORT: String(webhookPort),
      SETUP_PAGE_PORT: String(await freePort()),
      METRICS_ENABLED: 'false',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    const exited = new Promise<never>((_resolve, reject) => child.once('exit', (code) => reject(new Error(`npm start exited (${code}):\n${output}`))));
    const ready = eventually(async () => (output.includes('CRM webhook') ? true : undefined), 'the start banner', 1_200, 100);
    await Promise.race([exited, ready]).catch((err: Error) => {
      throw new Error(`${err.message}; output:\n${output}`);
    });
    expect(output).toContain(`CRM webhook      http://127.0.0.1:${webhookPort}/crm/events`);
    expect(output).not.toContain('start-test-secret');
    const health = await fetch(`http://127.0.0.1:${webhookPort}/healthz`);
    expect(await health.json()).toEqual({ ok: true });
    const unsigned = await fetch(`http://127.0.0.1:${webhookPort}/crm/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(unsigned.status).toBe(401);
    for (const id of ['monthly-usage-invoice-report', 'daily-drift-check']) {
      const description = await env.client.schedule.getHandle(id).describe();
      expect(description.action).toMatchObject({ type: 'startWorkflow', taskQueue });
    }
  } finally {
    await stop(child);
  }
}, PROCESS_TEST_TIMEOUT_MS);

test('ensureSchedules is idempotent and updates a schedule whose definition changed', async () => {
  const taskQueue = uniqueTaskQueue('schedules-idem');
  const definitions = serviceSchedules().map((d) => ({ ...d, scheduleId: `${d.scheduleId}-${taskQueue}` }));
  expect(Object.values(await ensureSchedules(env.client, taskQueue, definitions))).toEqual(['created', 'created']);
  expect(Object.values(await ensureSchedules(env.client, taskQueue, definitions))).toEqual(['unchanged', 'unchanged']);

  const changed = definitions.map((d, i) => (i === 1 ? { ...d, cron: '0 7 * * *' } : d));
  expect(Object.values(await ensureSchedules(env.client, taskQueue, changed))).toEqual(['unchanged', 'updated']);
  const daily = await env.client.schedule.getHandle(changed[1]!.scheduleId).describe();
  const next = daily.info.nextActionTimes[0] as Date;
  // 07:00 in Tokyo is 22:00 UTC.
  expect([next.getUTCHours(), next.getUTCMinutes()]).toEqual([22, 0]);
  expect(Object.values(await ensureSchedules(env.client, taskQueue, changed))).toEqual(['unchanged', 'unchanged']);

  // A paused schedule stays paused across an update: operators' pauses are not undone by a deploy.
  await env.client.schedule.getHandle(changed[0]!.scheduleId).pause('maintenance');
  const movedMonthly = changed.map((d, i) => (i === 0 ? { ...d, cron: '0 8 2 * *' } : d));
  expect(Object.values(await ensureSchedules(env.client, taskQueue, movedMonthly))).toEqual(['updated', 'unchanged']);
  expect((await env.client.schedule.getHandle(changed[0]!.scheduleId).describe()).state.paused).toBe(true);
});
