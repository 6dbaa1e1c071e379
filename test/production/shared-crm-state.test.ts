// No state on one host's disk: the webhook and the worker run as separate processes with different DATA_DIRs (as on
// two hosts). The CRM state the webhook records lives in Temporal (the crmLastKnownState workflow), so the worker's
// drift check sees it; neither process writes a CRM state file.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { signatureHeaders } from '../../crm/signature.js';
import { CRM_STATE_WORKFLOW_ID, crmStateRecordsQuery, driftCheck } from '../../workflows/index.js';
import { startTestSimulator, type RunningSimulator } from '../helpers/simulator.js';
import { createLocalEnv, uniqueTaskQueue } from '../helpers/temporal.js';
import { startProcess, type RunningProcess } from './processes.js';

const SECRET = 'a-webhook-secret-of-at-least-32-characters';

let env: TestWorkflowEnvironment;
let simulator: RunningSimulator;
let webhookDataDir: string;
let workerDataDir: string;
let webhook: RunningProcess;
let worker: RunningProcess;
let webhookUrl: string;
const taskQueue = uniqueTaskQueue('shared-crm-state');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  [env, simulator, webhookDataDir, workerDataDir] = await Promise.all([
    createLocalEnv(),
    startTestSimulator(),
    mkdtemp(path.join(os.tmpdir(), 'host-a-')),
    mkdtemp(path.join(os.tmpdir(), 'host-b-')),
  ]);
  const common = { TEMPORAL_ADDRESS: env.address, TEMPORAL_TASK_QUEUE: taskQueue, SCHEDULES_ENABLED: 'false' };
  const port = await freePort();
  webhook = startProcess('webhook/main.ts', [], { ...common, DATA_DIR: webhookDataDir, CRM_WEBHOOK_SECRET: SECRET, WEBHOOK_PORT: String(port) });
  worker = startProcess('workers/main.ts', [], { ...common, DATA_DIR: workerDataDir, LINEWORKS_API_BASE_URL: simulator.baseUrl });
  await Promise.all([webhook.waitFor('crm webhook listening'), worker.waitFor('worker started')]);
  webhookUrl = `http://127.0.0.1:${port}/crm/events`;
});

afterAll(async () => {
  for (const running of [webhook, worker]) running?.child.kill('SIGTERM');
  await Promise.all([webhook?.exited, worker?.exited]);
  await simulator?.app.close();
  await env?.teardown();
  await rm(webhookDataDir, { recursive: true, force: true });
  await rm(workerDataDir, { recursive: true, force: true });
});

async function deliver(id: string, occurredAt: string, data: Record<string, unknown>) {
  const raw = JSON.stringify({ specVersion: '1', id, type: 'customer.details_changed', occurredAt, data });
  const response = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...signatureHeaders(SECRET, raw) }, body: raw });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

test("the worker's drift check sees the CRM state the webhook recorded on another 'host'", async () => {
  const domain = `gone-${process.pid}.by-works.com`;
  const first = await deliver(`evt-${process.pid}-1`, '2026-11-30T01:00:00Z', { domain, domainId: 999_001, subscriptions: [] });
  expect(first).toMatchObject({ status: 202, body: { outcome: 'recorded' } });
  // The same event again, and an older one, change nothing (the rules hold in Temporal as in the file).
  expect((await deliver(`evt-${process.pid}-1`, '2026-11-30T01:00:00Z', { domain, domainId: 999_001, subscriptions: [] })).body.outcome).toBe('duplicate');
  expect((await deliver(`evt-${process.pid}-0`, '2026-11-29T01:00:00Z', { domain, domainId: 999_001 })).body.outcome).toBe('stale');

  const records = await env.client.workflow.getHandle(CRM_STATE_WORKFLOW_ID).query(crmStateRecordsQuery);
  expect(records[domain]).toEqual({ eventId: `evt-${process.pid}-1`, occurredAt: '2026-11-30T01:00:00Z', state: { domain, subscriptions: [] } });

  const summary = await env.client.workflow.execute(driftCheck, { taskQueue, workflowId: `drift-check/shared-${process.pid}`, args: [{}] });
  expect(summary.crmCustomers).toBe(1);
  expect(summary.differenceCount).toBeGreaterThanOrEqual(1);

  // Nothing was kept on either host's disk.
  expect(existsSync(path.join(webhookDataDir, 'crm-state.json'))).toBe(false);
  expect(existsSync(path.join(workerDataDir, 'crm-state.json'))).toBe(false);
});
