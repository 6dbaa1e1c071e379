// The CRM webhook over real HTTP, against a real Temporal dev server and worker and the simulator: valid, forged,
// replayed, oversized, malformed and duplicate deliveries.
import { readFile } from 'node:fs/promises';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { buildWebhookApp, EVENTS_PATH } from '../../webhook/app.js';
import { computeSignature, signatureHeaders } from '../../crm/signature.js';
import { clientFor, journal } from '../helpers/simulator.js';
import { eventually, startTriggerEnv, TEST_SECRET, type TriggerEnv } from './support.js';

let t: TriggerEnv;
let app: FastifyInstance;
let url: string;

beforeAll(async () => {
  t = await startTriggerEnv('webhook');
  app = buildWebhookApp({ client: t.env.client, taskQueue: t.taskQueue, secret: TEST_SECRET, crmStateFile: t.crmStateFile, bodyLimitBytes: 4096 });
  url = `${await app.listen({ port: 0, host: '127.0.0.1' })}${EVENTS_PATH}`;
});

afterAll(async () => {
  await app?.close();
  await t?.close();
});

let seq = 0;
function event(type: string, data: Record<string, unknown>, id = `evt-${process.pid}-${++seq}`) {
  return { specVersion: '1', id, type, occurredAt: new Date().toISOString(), data };
}

function contracted(domain: string, extra: Record<string, unknown> = {}) {
  return { domain, companyName: 'Acme Inc.', phoneNumber: '03-0000-0000', ...extra };
}

async function deliver(body: unknown, headers?: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> }> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(headers ?? signatureHeaders(TEST_SECRET, raw)) }, body: raw });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function runsOf(workflowId: string): Promise<number> {
  return (await t.env.client.workflow.count(`WorkflowId = "${workflowId}"`)).count;
}

/**
 * Nothing was started for `domain`: no workflow under the ID the webhook would have used (a direct lookup, not the
 * eventually consistent visibility count), and no Partner API write that names the domain.
 */
async function expectNothingStarted(domain: string): Promise<void> {
  await expect(t.env.client.workflow.getHandle(`onboard/${domain}`).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  const writes = (await journal(t.simulator)).filter((e) => e.method !== 'GET' && JSON.stringify(e).includes(domain));
  expect(writes).toEqual([]);
}

async function createCustomerCalls(domain: string): Promise<number> {
  return (await journal(t.simulator)).filter((e) => e.operation === 'createCustomer' && (e.body as { domain?: string }).domain === domain).length;
}

test('a valid customer.contracted event starts onboarding and answers 202 with the workflow ID', async () => {
  const { status, json } = await deliver(event('customer.contracted', contracted('valid.by-works.com')));
  expect(status).toBe(202);
  expect(json).toMatchObject({ accepted: true, type: 'customer.contracted', workflowId: 'onboard/valid.by-works.com', outcome: 'started' });
  const result = await t.env.client.workflow.getHandle('onboard/valid.by-works.com').result();
  expect(result).toMatchObject({ outcome: 'ACTIVE', customer: { domain: 'valid.by-works.com', companyName: 'Acme Inc.' } });
});

test('a forged signature is refused with 401 and starts nothing', async () => {
  const raw = JSON.stringify(event('customer.contracted', contracted('forged.by-works.com')));
  const timestamp = String(Math.floor(Date.now() / 1000));
  const forged = { 'x-lw-timestamp': timestamp, 'x-lw-signature': `v1=${computeSignature('not-the-shared-secret-not-the-shared', timestamp, raw)}` };
  const { status, json } = await deliver(raw, forged);
  expect(status).toBe(401);
  expect(json.message).toContain('does not match');
  expect(JSON.stringify(json)).not.toContain(TEST_SECRET);
  // A valid signature over a different body is a forgery too.
  const other = signatureHeaders(TEST_SECRET, raw.replace('forged', 'forgex'));
  expect((await deliver(raw, other)).status).toBe(401);
  expect((await deliver(raw, {})).status).toBe(401);
  await expectNothingStarted('forged.by-works.com');
});

test('a replayed event (correctly signed, timestamp outside the tolerance) is refused', async () => {
  const raw = JSON.stringify(event('customer.contracted', contracted('replayed.by-works.com')));
  const tenMinutesAgo = Date.now() - 10 * 60_000;
  const { status, json } = await deliver(raw, signatureHeaders(TEST_SECRET, raw, tenMinutesAgo));
  expect(status).toBe(401);
  expect(json.message).toContain('tolerance');
  await expectNothingStarted('replayed.by-works.com');
});

test('an oversized body is refused with 413 before anything else', async () => {
  const { status } = await deliver(event('customer.contracted', contracted('big.by-works.com', { companyName: 'x'.repeat(5000) })));
  expect(status).toBe(413);
  await expectNothingStarted('big.by-works.com');
});

test('malformed events answer 400 naming the fields at fault', async () => {
  const notJson = await deliver('{"specVersion": "1",');
  expect(notJson.status).toBe(400);
  expect(notJson.json.error).toBe('INVALID_JSON');

  const badEnvelope = await deliver({ specVersion: '2', type: 'customer.contracted', occurredAt: 'yesterday', data: {}, extra: 1 });
  expect(badEnvelope.status).toBe(400);
  expect(badEnvelope.json.problems).toEqual(
    expect.arrayContaining([expect.stringMatching(/^id is required/), 'specVersion must be "1"', 'extra is not a known field', expect.stringMatching(/^occurredAt must be an RFC 3339 date-time/)]),
  );

  const badData = await deliver(event('customer.contracted', { domain: 'schema.by-works.com', phoneNumber: 42 }));
  expect(badData.status).toBe(400);
  expect(badData.json.problems).toEqual(expect.arrayContaining([expect.stringMatching(/^data\.companyName is required/), expect.stringMatching(/^data\.phoneNumber /)]));
  await expectNothingStarted('schema.by-works.com');

  // Passes the shape, fails the workflow's own rules: still 400, still named, nothing started.
  const badRules = await deliver(event('customer.contracted', contracted('Bad_Name', { locale: 'fr_FR' })));
  expect(badRules.status).toBe(400);
  const problems = (badRules.json.problems as string[]).join('\n');
  expect(problems).toContain('data.domain');
  expect(problems).toContain('data.locale');
  await expectNothingStarted('Bad_Name');
});

test('an event type without a workflow answers 422 listing the supported types', async () => {
  for (const type of ['customer.merger_requested', 'something.unheard_of']) {
    const { status, json } = await deliver(event(type, { domain: 'x.by-works.com' }));
    expect(status).toBe(422);
    expect(json).toMatchObject({ error: 'UNSUPPORTED_EVENT_TYPE', supportedTypes: expect.arrayContaining(['customer.contracted', 'dns.configured', 'customer.details_changed', 'customer.cancellation_requested']) });
    expect(json.message).toContain(type);
  }
});

test('ten identical deliveries start one workflow and create one customer', async () => {
  const body = event('customer.contracted', contracted('tentimes.by-works.com'));
  const answers = await Promise.all(Array.from({ length: 10 }, () => deliver(body)));
  expect(answers.map((a) => a.status)).toEqual(Array(10).fill(202));
  expect(new Set(answers.map((a) => a.json.workflowId))).toEqual(new Set(['onboard/tentimes.by-works.com']));
  await t.env.client.workflow.getHandle('onboard/tentimes.by-works.com').result();

  // Delivered again after the onboarding finished: still no second run.
  const late = await deliver(body);
  expect(late).toMatchObject({ status: 202, json: { workflowId: 'onboard/tentimes.by-works.com', outcome: 'existing' } });
  expect(await eventually(async () => ((await runsOf('onboard/tentimes.by-works.com')) > 0 ? runsOf('onboard/tentimes.by-works.com') : undefined), 'visibility')).toBe(1);
  expect(await createCustomerCalls('tentimes.by-works.com')).toBe(1);
});

test('ten identical dns.configured deliveries signal the onboarding once', async () => {
  const started = await deliver(event('customer.contracted', contracted('tensignals.example')));
  expect(started.status).toBe(202);
  const handle = t.env.client.workflow.getHandle('onboard/tensignals.example');

  const body = event('dns.configured', { domain: 'tensignals.example' });
  const answers = await Promise.all(Array.from({ length: 10 }, () => deliver(body)));
  expect(answers.map((a) => a.status)).toEqual(Array(10).fill(202));
  expect(answers[0]?.json).toMatchObject({ workflowId: 'onboard/tensignals.example', outcome: 'signalled' });
  // A different event (new ID) is a new request and is applied.
  expect((await deliver(event('dns.configured', { domain: 'tensignals.example' }))).status).toBe(202);

  // Terminating flushes signals the server buffered during a workflow task, so the history below is complete.
  await handle.terminate('test done');
  const history = await handle.fetchHistory();
  const signals = (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'recheckDns');
  expect(signals).toHaveLength(2);
});

test('dns.configured for a domain without a running onboarding answers 409', async () => {
  const { status, json } = await deliver(event('dns.configured', { domain: 'nobody.example' }));
  expect(status).toBe(409);
  expect(json).toMatchObject({ error: 'WORKFLOW_NOT_RUNNING', workflowId: 'onboard/nobody.example' });
});

test("customer.details_changed records the CRM's view once; an older event does not overwrite a newer one", async () => {
  // Subscriptions only (no detail field to apply): the event is recorded for the drift check and starts nothing.
  const subscriptions = (licenseCount: number) => [{ productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount }];
  const newer = { ...event('customer.details_changed', { domain: 'state.example', domainId: 10009901, subscriptions: subscriptions(10) }) };
  const older = { ...event('customer.details_changed', { domain: 'state.example', domainId: 10009901, subscriptions: subscriptions(5) }), occurredAt: new Date(Date.now() - 60_000).toISOString() };
  expect((await deliver(newer)).json).toMatchObject({ outcome: 'recorded' });
  expect((await deliver(newer)).json).toMatchObject({ outcome: 'duplicate' });
  expect((await deliver(older)).json).toMatchObject({ outcome: 'stale' });
  const stored = JSON.parse(await readFile(t.crmStateFile, 'utf8')) as Record<string, { eventId: string; state: unknown }>;
  expect(stored['state.example']).toMatchObject({ eventId: newer.id, state: { domain: 'state.example', subscriptions: subscriptions(10) } });
});

async function seedLicensedCustomer(domain: string): Promise<{ domainId: number; subscriptionId: number }> {
  const seeded = await fetch(`${t.simulator.url}/_simulator/seed`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ customers: [{ domain, companyName: 'Licensed', subscriptions: [{ productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 10 }] }] }),
  });
  const { domainIds } = (await seeded.json()) as { domainIds: number[] };
  const domainId = domainIds[0] as number;
  const { body } = await clientFor(t.simulator).call<{ subscriptions: Array<{ subscriptionId: number }> }>('listSubscriptions', { path: { domainId } });
  return { domainId, subscriptionId: body.subscriptions[0]?.subscriptionId as number };
}

test('ten identical subscription.change_requested deliveries add the licenses once', async () => {
  const { domainId, subscriptionId } = await seedLicensedCustomer('licenses.by-works.com');
  const body = event('subscription.change_requested', { domainId, subscriptionId, action: 'ADD_LICENSES', addLicenses: 5, when: 'now' }, 'crm-change-1');
  const answers = await Promise.all(Array.from({ length: 10 }, () => deliver(body)));
  expect(answers.map((a) => a.status)).toEqual(Array(10).fill(202));
  const workflowId = `subscription-change/${domainId}/crm-change-1`;
  expect(new Set(answers.map((a) => a.json.workflowId))).toEqual(new Set([workflowId]));
  await t.env.client.workflow.getHandle(workflowId).result();
  // Again after it finished: the request ID is used once, nothing is added again.
  expect((await deliver(body)).json).toMatchObject({ workflowId, outcome: 'existing' });

  const { body: after } = await clientFor(t.simulator).call<{ licenseCount: number }>('getSubscription', { path: { domainId, subscriptionId } });
  expect(after.licenseCount).toBe(15);
  expect((await journal(t.simulator)).filter((e) => e.operation === 'addLicenseCount' && e.status < 300)).toHaveLength(1);

  // The workflow's own rules still answer 400 with the field at fault.
  const wrong = await deliver(event('subscription.change_requested', { domainId, action: 'ADD_LICENSES', when: 'now' }));
  expect(wrong.status).toBe(400);
  expect((wrong.json.problems as string[]).join('\n')).toContain('data.subscriptionId');
});

test('ten identical license.renewal_target_changed deliveries run one licenseRenewal and signal it once', async () => {
  const { domainId, subscriptionId } = await seedLicensedCustomer('renewal.by-works.com');
  const body = event('license.renewal_target_changed', { domainId, subscriptionId, licenseCount: 40 });
  const answers = await Promise.all(Array.from({ length: 10 }, () => deliver(body)));
  expect(answers.map((a) => a.status)).toEqual(Array(10).fill(202));
  const workflowId = `license-renewal/${domainId}/${subscriptionId}`;
  expect(answers[0]?.json).toMatchObject({ workflowId, outcome: 'signalled' });
  const handle = t.env.client.workflow.getHandle(workflowId);
  await handle.terminate('test done');
  expect(await runsOf(workflowId)).toBe(1);
  const signals = ((await handle.fetchHistory()).events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'setRenewalTarget');
  expect(signals).toHaveLength(1);
});

async function seedCustomer(domain: string): Promise<number> {
  const seeded = await fetch(`${t.simulator.url}/_simulator/seed`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ customers: [{ domain, companyName: 'Before Inc.', subscriptions: [{ productId: 'STD', plan: 'MONTHLY' }] }] }),
  });
  return ((await seeded.json()) as { domainIds: number[] }).domainIds[0] as number;
}

async function count(eventKey: 'workflowExecutionUpdateAcceptedEventAttributes' | 'workflowExecutionSignaledEventAttributes', workflowId: string): Promise<number> {
  const history = await t.env.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).filter((e) => e[eventKey]).length;
}

test('cancellation: ten identical requests start one workflow, a different request meanwhile is refused, ten approvals apply once', async () => {
  const domainId = await seedCustomer('cancel.by-works.com');
  const request = event('customer.cancellation_requested', { domainId, mode: 'NOW', requestedBy: 'crm:sato', reason: 'contract ended' });
  const answers = await Promise.all(Array.from({ length: 10 }, () => deliver(request)));
  expect(answers.map((a) => a.status)).toEqual(Array(10).fill(202));
  const workflowId = `cancel/${domainId}`;
  expect(new Set(answers.map((a) => a.json.workflowId))).toEqual(new Set([workflowId]));
  const handle = t.env.client.workflow.getHandle(workflowId);
  await eventually(async () => ((await handle.query<{ step: string }>('cancellationStatus')).step === 'WAITING_FOR_APPROVAL' ? true : undefined), 'waiting for approval');

  // Another request (new event) for the same customer while this one waits: refused, not folded into it.
  const other = await deliver(event('customer.cancellation_requested', { domainId, mode: 'NOW', reason: 'again' }));
  expect(other).toMatchObject({ status: 409, json: { error: 'WORKFLOW_BUSY', workflowId } });
  // The first request delivered again is still answered with its workflow.
  expect((await deliver(request)).json).toMatchObject({ workflowId, outcome: 'existing' });

  const approval = event('customer.cancellation_approved', { domainId, approvedBy: 'boss', reason: 'confirmed with the customer' });
  const approvals = await Promise.all(Array.from({ length: 10 }, () => deliver(approval)));
  expect(approvals.map((a) => a.status)).toEqual(Array(10).fill(202));
  expect(approvals[0]?.json).toMatchObject({ workflowId, outcome: 'updated' });
  await handle.result();
  expect(await count('workflowExecutionUpdateAcceptedEventAttributes', workflowId)).toBe(1);
  expect((await journal(t.simulator)).filter((e) => e.operation === 'deleteCustomer' && e.status < 300)).toHaveLength(1);
  expect(await runsOf(workflowId)).toBe(1);

  // An approval with nothing waiting is refused with the workflow's reason, not dropped.
  const late = await deliver(event('customer.cancellation_approved', { domainId, approvedBy: 'boss', reason: 'again' }));
  expect(late).toMatchObject({ status: 409, json: { error: 'WORKFLOW_NOT_RUNNING' } });
});

test('customer.details_changed with a domainId applies the details once and records the state', async () => {
  const domainId = await seedCustomer('details.by-works.com');
  const body = event('customer.details_changed', { domain: 'details.by-works.com', domainId, companyName: 'After Inc.', phoneNumber: '03-9999-0000' });
  const answers = await Promise.all(Array.from({ length: 10 }, () => deliver(body)));
  expect(answers.map((a) => a.status)).toEqual(Array(10).fill(202));
  const workflowId = `customer-update/${domainId}`;
  await t.env.client.workflow.getHandle(workflowId).result();
  expect((await deliver(body)).json).toMatchObject({ workflowId, outcome: 'existing' });
  expect(await runsOf(workflowId)).toBe(1);
  const customer = await clientFor(t.simulator).getCustomer(domainId);
  expect(customer).toMatchObject({ companyName: 'After Inc.', phoneNumber: '03-9999-0000' });
  expect((await journal(t.simulator)).filter((e) => (e.operation === 'patchCustomer' || e.operation === 'replaceCustomer') && e.status < 300)).toHaveLength(1);
  const stored = JSON.parse(await readFile(t.crmStateFile, 'utf8')) as Record<string, { state: unknown }>;
  expect(stored['details.by-works.com']?.state).toEqual({ domain: 'details.by-works.com', companyName: 'After Inc.', phoneNumber: '03-9999-0000' });

  // Details the workflow refuses: 400 naming the field, and nothing recorded.
  const bad = await deliver(event('customer.details_changed', { domain: 'details.by-works.com', domainId, locale: 'xx_XX' }));
  expect(bad.status).toBe(400);
  expect((bad.json.problems as string[]).join('\n')).toContain('data.locale');
});
