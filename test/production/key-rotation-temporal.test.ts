// Key rotation on a real Temporal server: a running workflow whose history was written with key 1 goes on under
// workers and clients that have key 2 as the current key and key 1 as an old one. The new worker replays the key-1
// history, new payloads are sealed with key 2, and a client with the rotated keys reads all of it.
import { randomBytes } from 'node:crypto';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { dataConverterFor } from '../../lib/payload-codec.js';
import { crmLastKnownState, crmStateRecordsQuery, recordCrmStateUpdate } from '../../workflows/index.js';
import { bundleWorkflows, createLocalEnv, uniqueTaskQueue } from '../helpers/temporal.js';

const key1 = { keyId: 'key-1', key: randomBytes(32) };
const key2 = { keyId: 'key-2', key: randomBytes(32) };
const before = dataConverterFor({ ...key1 });
const after = dataConverterFor({ ...key2, oldKeys: [key1] });

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  [env, bundle] = await Promise.all([createLocalEnv(), bundleWorkflows()]);
});

afterAll(async () => {
  await env?.teardown();
});

function keyIdsIn(history: unknown): Set<string> {
  return new Set([...JSON.stringify(history).matchAll(/"encryption-key-id":"([A-Za-z0-9+/=]+)"/g)].map((m) => Buffer.from(m[1]!, 'base64').toString()));
}

test('a workflow started under key 1 goes on under key 2, and everything it holds still decodes', async () => {
  const taskQueue = uniqueTaskQueue('rotation');
  const workflowId = `crm-state-rotation-${process.pid}`;
  const workerWith = (dataConverter: typeof before) =>
    Worker.create({ connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue, workflowBundle: bundle, dataConverter, maxCachedWorkflows: 0 });
  const clientWith = (dataConverter: typeof before) => new Client({ connection: env.connection, namespace: env.namespace ?? 'default', dataConverter });

  // Before the rotation: started and updated with key 1.
  const oldWorker = await workerWith(before);
  await oldWorker.runUntil(async () => {
    const handle = await clientWith(before).workflow.start(crmLastKnownState, { taskQueue, workflowId, args: [{}] });
    await handle.executeUpdate(recordCrmStateUpdate, { args: [{ eventId: 'e1', occurredAt: '2026-11-01T00:00:00Z', state: { domain: 'acme.example', companyName: 'Acme' } }] });
  });
  expect(keyIdsIn(await env.client.workflow.getHandle(workflowId).fetchHistory())).toEqual(new Set(['key-1']));

  // After: a fresh worker (no cache: it must replay the key-1 history) and a client with key 2 current, key 1 old.
  const newWorker = await workerWith(after);
  const records = await newWorker.runUntil(async () => {
    const handle = clientWith(after).workflow.getHandle(workflowId);
    await handle.executeUpdate(recordCrmStateUpdate, { args: [{ eventId: 'e2', occurredAt: '2026-11-02T00:00:00Z', state: { domain: 'other.example', phoneNumber: '03-0000-0002' } }] });
    return handle.query(crmStateRecordsQuery);
  });
  expect(Object.keys(records).sort()).toEqual(['acme.example', 'other.example']);
  expect(records['acme.example']?.state.companyName).toBe('Acme');
  expect(keyIdsIn(await env.client.workflow.getHandle(workflowId).fetchHistory())).toEqual(new Set(['key-1', 'key-2']));
  await env.client.workflow.getHandle(workflowId).terminate('test done');
});
