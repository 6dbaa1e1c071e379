// Payload encryption: what Temporal stores is AES-GCM ciphertext when a key is configured, workers and clients with
// the key work as usual, and plain starts (the Web UI sends plain JSON) still run.
import { randomBytes } from 'node:crypto';
import { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities } from '../../activities/index.js';
import { createSubscriptionActivities } from '../../activities/subscriptions.js';
import { loadConfig } from '../../config/env.js';
import { AesGcmPayloadCodec, dataConverterFor, ENCRYPTED_ENCODING } from '../../lib/payload-codec.js';
import { createWorker } from '../../workers/worker.js';
import { changeSubscription, onboardCustomer, onboardWorkflowId, subscriptionChangeWorkflowId, type ChangeSubscriptionInput } from '../../workflows/index.js';
import { clientFor, startTestSimulator, type RunningSimulator } from '../helpers/simulator.js';
import { bundleWorkflows, createLocalEnv, uniqueTaskQueue } from '../helpers/temporal.js';
import { seedCustomer, STD_CUSTOMER } from '../subscriptions/support.js';

const key = randomBytes(32);
const encryption = { key, keyId: 'test-key' };

describe('the codec', () => {
  const codec = new AesGcmPayloadCodec(key, 'test-key');
  const payload = defaultPayloadConverter.toPayload({ partnerCode: 'WSqPvhm0ON1stFBRHgW3' });

  test('round-trips a payload and leaves no plaintext', async () => {
    const [sealed] = await codec.encode([payload]);
    expect(new TextDecoder().decode(sealed!.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(Buffer.from(sealed!.data!).toString('latin1')).not.toContain('WSqPvhm0ON1stFBRHgW3');
    const [opened] = await codec.decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual({ partnerCode: 'WSqPvhm0ON1stFBRHgW3' });
  });

  test('passes plain payloads through; refuses another key and tampered data', async () => {
    expect(await codec.decode([payload])).toEqual([payload]);
    const [sealed] = await codec.encode([payload]);
    await expect(new AesGcmPayloadCodec(randomBytes(32), 'other').decode([sealed!])).rejects.toThrow(/key "test-key".*key "other"/);
    const tampered = { ...sealed!, data: Uint8Array.from(sealed!.data!, (byte, i) => (i === 20 ? byte ^ 1 : byte)) };
    await expect(codec.decode([tampered])).rejects.toThrow();
  });

  test('the key comes from TEMPORAL_PAYLOAD_KEY (32 bytes, base64); a bad one is named but not shown', () => {
    expect(loadConfig({ TEMPORAL_PAYLOAD_KEY: key.toString('base64') }).temporal.encryption).toEqual({ key, keyId: 'key-1', oldKeys: [] });
    expect(() => loadConfig({ TEMPORAL_PAYLOAD_KEY: 'c2hvcnQ=' })).toThrow(/TEMPORAL_PAYLOAD_KEY must be 32 bytes in base64/);
    expect(() => loadConfig({ TEMPORAL_PAYLOAD_KEY: 'c2hvcnQ=' })).not.toThrow(/c2hvcnQ/);
    expect(loadConfig({}).temporal.encryption).toBeUndefined();
  });
});

describe('on a real Temporal server', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  let sim: RunningSimulator;
  let encrypted: Client;

  beforeAll(async () => {
    [env, bundle, sim] = await Promise.all([createLocalEnv(), bundleWorkflows(), startTestSimulator()]);
    encrypted = new Client({ connection: env.connection, namespace: env.namespace ?? 'default', dataConverter: dataConverterFor(encryption) });
  });
  afterAll(async () => {
    await sim?.app.close();
    await env?.teardown();
  });

  async function withEncryptedWorker<T>(taskQueue: string, fn: () => Promise<T>): Promise<T> {
    const client = clientFor(sim);
    const worker = await createWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      activities: { ...createActivities({ client }), ...createSubscriptionActivities({ client, now: () => sim.clock.nowMs() }) },
      workflowBundle: bundle,
      dataConverter: dataConverterFor(encryption),
    });
    return worker.runUntil(fn());
  }

  const encodingsIn = (history: unknown): string[] =>
    [...JSON.stringify(history).matchAll(/"encoding":"([A-Za-z0-9+/=]+)"/g)].map((m) => Buffer.from(m[1]!, 'base64').toString());

  test('inputs, activity results and the result are stored encrypted, and decrypted for clients with the key', async () => {
    const taskQueue = uniqueTaskQueue('encrypted');
    const domain = 'secretco.by-works.com';
    const input = { domain, companyName: 'Secret Co', phoneNumber: '03-0000-0000', timeZone: 'Asia/Tokyo', locale: 'ja_JP' as const };
    const result = await withEncryptedWorker(taskQueue, () => encrypted.workflow.execute(onboardCustomer, { taskQueue, workflowId: onboardWorkflowId(domain), args: [input] }));
    expect(result).toMatchObject({ outcome: 'ACTIVE', customer: { companyName: 'Secret Co' } });

    const history = await env.client.workflow.getHandle(onboardWorkflowId(domain)).fetchHistory();
    // Search attributes (CustomerDomain, DomainId, …) stay readable on purpose: they are what operators search by.
    const searchAttributeEvents = history.events!.filter((e) => e.upsertWorkflowSearchAttributesEventAttributes);
    expect(new Set(encodingsIn(searchAttributeEvents))).toEqual(new Set(['json/plain']));
    // patched() markers hold only the patch ID, written by the SDK in plain JSON (never our data): not ours to encrypt.
    const patchMarker = (e: NonNullable<typeof history.events>[number]) => e.markerRecordedEventAttributes?.markerName === 'core_patch';
    const encodings = encodingsIn(history.events!.filter((e) => !e.upsertWorkflowSearchAttributesEventAttributes && !patchMarker(e)));
    expect(encodings.length).toBeGreaterThan(3);
    expect(new Set(encodings)).toEqual(new Set([ENCRYPTED_ENCODING]));
  });

  test('a plain start (as from the Web UI) runs on an encrypted worker', async () => {
    const taskQueue = uniqueTaskQueue('plain-start');
    const domain = 'plainco.by-works.com';
    const input = { domain, companyName: 'Plain Co', phoneNumber: '03-0000-0000', timeZone: 'Asia/Tokyo', locale: 'ja_JP' as const };
    const handle = await env.client.workflow.start(onboardCustomer, { taskQueue, workflowId: onboardWorkflowId(domain), args: [input] });
    const result = await withEncryptedWorker(taskQueue, () => encrypted.workflow.result(handle.workflowId));
    expect(result).toMatchObject({ outcome: 'ACTIVE', customer: { domain } });
  });

  test("a repeated change request reads the earlier run's encrypted result", async () => {
    const taskQueue = uniqueTaskQueue('encrypted-repeat');
    const domainId = await seedCustomer(sim, STD_CUSTOMER);
    const subscription = (await clientFor(sim).listSubscriptions(domainId)).subscriptions!.find((s) => s.productId === 'STD')!;
    const input: ChangeSubscriptionInput = { domainId, requestId: 'enc-1', action: 'ADD_LICENSES', subscriptionId: subscription.subscriptionId, addLicenses: 2, when: 'now' };
    const options = { taskQueue, workflowId: subscriptionChangeWorkflowId(domainId, 'enc-1'), args: [input] as [ChangeSubscriptionInput], workflowIdReusePolicy: 'ALLOW_DUPLICATE' as const };
    const [first, second] = await withEncryptedWorker(taskQueue, async () => [
      await encrypted.workflow.execute(changeSubscription, options),
      await encrypted.workflow.execute(changeSubscription, options),
    ]);
    expect(first!.outcome).toBe('APPLIED');
    expect(second).toMatchObject({ outcome: 'APPLIED', applied: first!.applied, repeatOf: expect.any(String) });
  });
});
