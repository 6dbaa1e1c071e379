// bulkChange end to end: a real Temporal dev server, a real worker, the simulator over HTTP. A preview writes nothing
// and plans every customer; pause (sent with the start), resume and cancel; continue-as-new with a tiny
// `customersPerRun`; the per-customer results file (CSV and JSON) in the reports directory.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities/index.js';
import { createSubscriptionActivities } from '../../activities/subscriptions.js';
import { createWorker } from '../../workers/worker.js';
import {
  bulkChange,
  bulkChangeStatusQuery,
  bulkChangeWorkflowId,
  cancelBulkChangeSignal,
  pauseBulkChangeSignal,
  resumeBulkChangeSignal,
  type BulkChangeInput,
} from '../../workflows/index.js';
import { clientFor, journal, startTestSimulator, type RunningSimulator } from '../helpers/simulator.js';
import { bundleWorkflows, createLocalEnv, uniqueTaskQueue } from '../helpers/temporal.js';
import { control } from '../subscriptions/support.js';

let env: TestWorkflowEnvironment;
let sim: RunningSimulator;
let reportsDir: string;
let stop: (() => Promise<void>) | undefined;
const taskQueue = uniqueTaskQueue('bulk-change');

beforeAll(async () => {
  let bundle;
  [env, bundle, sim] = await Promise.all([createLocalEnv(), bundleWorkflows(), startTestSimulator()]);
  reportsDir = await mkdtemp(path.join(tmpdir(), 'bulk-reports-'));
  const client = clientFor(sim);
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    activities: {
      ...createActivities({ client, reports: { dir: reportsDir } }),
      ...createSubscriptionActivities({ client, now: () => sim.clock.nowMs(), unclearWriteSettle: '1s' }),
    },
    workflowBundle: bundle,
  });
  const running = worker.run();
  stop = async () => {
    worker.shutdown();
    await running;
    await sim.app.close();
    await env.teardown();
    await rm(reportsDir, { recursive: true, force: true });
  };
});

afterAll(async () => {
  await stop?.();
});

beforeEach(async () => {
  await control(sim, 'POST', '/reset');
});

/** Seeds `stdCount` customers on STD (10 licenses) and `advCount` on ADV; returns their domainIds. */
async function seed(stdCount: number, advCount = 0): Promise<{ std: number[]; adv: number[] }> {
  const customer = (i: number, productId: string) => ({
    domain: `bulk-${productId.toLowerCase()}-${i}.example`,
    companyName: `Bulk ${i}`,
    activated: true,
    memberCount: 5,
    subscriptions: [{ productId, plan: 'ANNUAL_LICENSE', licenseCount: 10 }],
  });
  const customers = [...Array.from({ length: stdCount }, (_, i) => customer(i, 'STD')), ...Array.from({ length: advCount }, (_, i) => customer(i, 'ADV'))];
  const { domainIds } = await control<{ domainIds: number[] }>(sim, 'POST', '/seed', { customers });
  return { std: domainIds.slice(0, stdCount), adv: domainIds.slice(stdCount) };
}

async function licenses(domainId: number): Promise<number | null | undefined> {
  return (await clientFor(sim).listSubscriptions(domainId)).subscriptions?.[0]?.licenseCount;
}

const writes = async () => (await journal(sim)).filter((e) => e.method !== 'GET');

async function resultsFile(batchId: string): Promise<{ csv: string; json: { outcome: string; rows: Array<Record<string, unknown>> } }> {
  const stem = path.join(reportsDir, `bulk-change-${batchId}`);
  return { csv: await readFile(`${stem}.csv`, 'utf8'), json: JSON.parse(await readFile(`${stem}.json`, 'utf8')) as { outcome: string; rows: Array<Record<string, unknown>> } };
}

const addFive = { kind: 'subscription' as const, request: { action: 'ADD_LICENSES', addLicenses: 5, when: 'now' } };

function start(input: BulkChangeInput) {
  return env.client.workflow.start(bulkChange, { taskQueue, workflowId: bulkChangeWorkflowId(input.batchId), args: [input] });
}

test('preview: every customer of the filter is planned, nothing is written, the results file lists each one', async () => {
  const { std, adv } = await seed(3, 2);
  const handle = await start({ batchId: 'preview-1', change: addFive, customers: { productId: 'STD' }, preview: true });
  const result = await handle.result();
  expect(result).toMatchObject({ outcome: 'DONE', preview: true, processed: 3, counts: { PREVIEW: 3 } });
  expect(await writes()).toEqual([]);
  for (const id of std) expect(await licenses(id)).toBe(10);

  const { csv, json } = await resultsFile('preview-1');
  expect(json.outcome).toBe('DONE');
  expect(json.rows.map((r) => r.domainId).sort()).toEqual([...std].sort());
  expect(json.rows.every((r) => r.outcome === 'PREVIEW' && r.route === 'IMMEDIATE' && typeof r.subscriptionId === 'number')).toBe(true);
  const lines = csv.trim().split('\r\n');
  expect(lines[0]).toBe('domainId,subscriptionId,outcome,route,reason,workflowId');
  expect(lines).toHaveLength(4);
  // The ADV customers were not in the batch.
  expect(lines.some((l) => adv.some((id) => l.startsWith(`${id},`)))).toBe(false);
});

test('continue-as-new every 2 customers: all listed customers changed once, a customer without the product skipped, one results file', async () => {
  const { std, adv } = await seed(5, 1);
  const domainIds = [...std, ...adv];
  const handle = await start({ batchId: 'apply-1', change: addFive, customers: { domainIds, productId: 'STD' }, concurrency: 2, customersPerRun: 2 });
  const result = await handle.result();
  expect(result).toMatchObject({ outcome: 'DONE', preview: false, processed: 6, counts: { APPLIED: 5, SKIPPED: 1 } });
  for (const id of std) expect(await licenses(id)).toBe(15);
  expect(await licenses(adv[0]!)).toBe(10);
  expect((await writes()).map((e) => e.operation)).toEqual(Array(5).fill('addLicenseCount'));

  // Three runs: 2 + 2 + 2 customers; the last run answers the query.
  const status = await handle.query(bulkChangeStatusQuery);
  expect(status).toMatchObject({ step: 'DONE', run: 3, processed: 6, files: ['bulk-change-apply-1.csv', 'bulk-change-apply-1.json'] });
  const first = await env.client.workflow.getHandle(bulkChangeWorkflowId('apply-1'), handle.firstExecutionRunId).describe();
  expect(first.status.name).toBe('CONTINUED_AS_NEW');

  const { csv, json } = await resultsFile('apply-1');
  expect(json.rows).toHaveLength(6);
  expect(json.rows.find((r) => r.domainId === adv[0])).toMatchObject({ outcome: 'SKIPPED', reason: 'no subscription of STD' });
  for (const id of std) {
    expect(json.rows.find((r) => r.domainId === id)).toMatchObject({ outcome: 'APPLIED', route: 'IMMEDIATE', workflowId: `subscription-change/${id}/bulk.apply-1` });
    expect(csv).toContain(`${id},`);
  }
});

/** Starts a batch with the pause signal in the same request, and waits until it has read its customers and paused. */
async function startPaused(batchId: string, domainIds: number[]) {
  const handle = await env.client.workflow.signalWithStart(bulkChange, {
    taskQueue,
    workflowId: bulkChangeWorkflowId(batchId),
    args: [{ batchId, change: addFive, customers: { domainIds } }],
    signal: pauseBulkChangeSignal,
    signalArgs: [],
  });
  let status = await handle.query(bulkChangeStatusQuery);
  for (let i = 0; i < 300 && status.step !== 'PAUSED'; i++) {
    await new Promise((r) => setTimeout(r, 200));
    status = await handle.query(bulkChangeStatusQuery);
  }
  return { handle, status };
}

test("the same batch again changes nothing: each customer's change is found already started, by its business ID", async () => {
  const { std } = await seed(2);
  const input = { batchId: 'again-1', change: addFive, customers: { domainIds: std } };
  expect(await (await start(input)).result()).toMatchObject({ outcome: 'DONE', counts: { APPLIED: 2 } });
  // Started directly (the catalog's clients refuse a used batch ID): the per-customer request IDs are the same.
  const again = await env.client.workflow.execute(bulkChange, { taskQueue, workflowId: `${bulkChangeWorkflowId('again-1')}-rerun`, args: [input] });
  expect(again).toMatchObject({ outcome: 'DONE', counts: { ALREADY_STARTED: 2 } });
  for (const id of std) expect(await licenses(id)).toBe(15);
  expect((await writes()).map((e) => e.operation)).toEqual(['addLicenseCount', 'addLicenseCount']);
});

test('paused from the start: nothing is changed until resumed; then every customer is changed', async () => {
  const { std } = await seed(3);
  // The selection is read (no write), then the batch waits.
  const { handle, status } = await startPaused('paused-1', std);
  expect(status).toMatchObject({ step: 'PAUSED', paused: true, processed: 0, running: 0, pending: 3 });
  expect(await writes()).toEqual([]);
  // The Web UI's "current details" (the built-in metadata query) say the same.
  const metadata = await handle.query<{ currentDetails: string }>('__temporal_workflow_metadata');
  expect(metadata.currentDetails).toContain('**Step:** PAUSED');
  expect(metadata.currentDetails).toContain('**Paused**');

  await handle.signal(resumeBulkChangeSignal);
  const result = await handle.result();
  expect(result).toMatchObject({ outcome: 'DONE', processed: 3, counts: { APPLIED: 3 } });
  for (const id of std) expect(await licenses(id)).toBe(15);
});

test('cancel while paused: no customer is changed, the result says how many were not started, the results file is written', async () => {
  const { std } = await seed(4);
  const { handle, status } = await startPaused('cancel-1', std);
  expect(status.step).toBe('PAUSED');
  await handle.signal(cancelBulkChangeSignal);
  const result = await handle.result();
  expect(result).toMatchObject({ outcome: 'CANCELLED', processed: 0, notStarted: 4, files: ['bulk-change-cancel-1.csv', 'bulk-change-cancel-1.json'] });
  expect(await writes()).toEqual([]);
  for (const id of std) expect(await licenses(id)).toBe(10);
  const { json } = await resultsFile('cancel-1');
  expect(json).toMatchObject({ outcome: 'CANCELLED', rows: [] });
});

test('a user-cap change for listed customers, each through userCap', async () => {
  const { std } = await seed(2);
  const result = await (await start({ batchId: 'cap-1', change: { kind: 'userCap', request: { action: 'SET_NOW', maxMemberCount: 40 } }, customers: { domainIds: std } })).result();
  expect(result).toMatchObject({ outcome: 'DONE', processed: 2, counts: { APPLIED: 2 } });
  for (const id of std) expect((await clientFor(sim).getUsageStatus(id)).maxMemberCount).toBe(40);
});
