// Bad CRM events over real HTTP, table-driven, at least five per event type: refused with 400 naming every field
// at fault, nothing recorded in the CRM state, no workflow started, no call to the Partner API. And the server's
// defences against slow clients and oversized headers.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { buildWebhookApp, EVENTS_PATH } from '../../webhook/app.js';
import { EVENT_ROUTES, findRoute } from '../../webhook/events.js';
import { signatureHeaders } from '../../crm/signature.js';
import { CrmStateStore } from '../../crm/crm-state.js';
import { journal } from '../helpers/simulator.js';
import { startTriggerEnv, TEST_SECRET, type TriggerEnv } from './support.js';

type Data = Record<string, unknown>;

let t: TriggerEnv;
let app: FastifyInstance;
let url: string;

beforeAll(async () => {
  t = await startTriggerEnv('webhook-bad');
  app = buildWebhookApp({ client: t.env.client, taskQueue: t.taskQueue, secret: TEST_SECRET, crmStateFile: t.crmStateFile });
  url = `${await app.listen({ port: 0, host: '127.0.0.1' })}${EVENTS_PATH}`;
});

afterAll(async () => {
  await app?.close();
  await t?.close();
});

/** A valid `data` for every event type, and the business ID a valid event would start or signal. */
const VALID: Record<string, { data: Data; workflowId: string }> = {
  'customer.contracted': { data: { domain: 'contracted.example', companyName: 'Acme Inc.', phoneNumber: '03-0000-0000' }, workflowId: 'onboard/contracted.example' },
  'dns.configured': { data: { domain: 'dns.example' }, workflowId: 'onboard/dns.example' },
  'subscription.change_requested': { data: { domainId: 10000001, subscriptionId: 1021, action: 'ADD_LICENSES', addLicenses: 5, when: 'now' }, workflowId: 'subscription-change/10000001/' },
  'option.change_requested': { data: { domainId: 10000001, action: 'ADD', optionProductId: 'SSTG2', subOptionId: 'SSTG201', when: 'now' }, workflowId: 'option-change/10000001/' },
  'license.renewal_target_changed': { data: { domainId: 10000001, subscriptionId: 1021, licenseCount: 40 }, workflowId: 'license-renewal/10000001/1021' },
  'customer.user_cap_change_requested': { data: { domainId: 10000001, action: 'SET_NOW', maxMemberCount: 50 }, workflowId: 'user-cap/10000001' },
  'customer.domain_change_requested': { data: { domainId: 10000001, domain: 'own.example' }, workflowId: 'change-domain/10000001' },
  'customer.transfer_requested': { data: { domain: 'direct.example', partnerCode: 'WSq1abc' }, workflowId: 'transfer/direct.example' },
  'customer.cancellation_requested': { data: { domainId: 10000001, mode: 'NOW', reason: 'contract ended' }, workflowId: 'cancel/10000001' },
  'customer.cancellation_approved': { data: { domainId: 10000001, approvedBy: 'boss', reason: 'confirmed' }, workflowId: 'cancel/10000001' },
  'customer.details_changed': { data: { domain: 'details.example', domainId: 10000001, companyName: 'Acme Inc.' }, workflowId: 'customer-update/10000001' },
  'bulk.change_requested': {
    data: { batchId: 'bulk-bad-1', change: { kind: 'userCap', request: { action: 'SET_NOW', maxMemberCount: 50 } }, customers: { domainIds: [10000001] } },
    workflowId: 'bulk-change/bulk-bad-1',
  },
};

/** Wrong values for the fields that tie an event to a customer or count something. */
const MALFORMED: Record<string, unknown[]> = {
  domain: ['not a domain', 'Bad_Name', 'acme', '-acme.example', 42],
  domainId: [-5, 0, 1.5, '10000001'],
  subscriptionId: [0, 'abc'],
  licenseCount: [-3, 0, 2_000_000],
  addLicenses: [-3],
  batchId: ['has space', 42, 'x'.repeat(124)],
};

interface BadEvent {
  type: string;
  why: string;
  data: Data;
  fields: string[];
}

function badEvents(type: string, valid: Data): BadEvent[] {
  const cases: BadEvent[] = [
    { type, why: 'an unknown field', data: { ...valid, colour: 'blue' }, fields: ['data.colour'] },
    { type, why: 'a capitalised password field', data: { ...valid, Password: 'hunter2' }, fields: ['data.Password'] },
    { type, why: 'a token nested in an object', data: { ...valid, meta: { apiToken: 't-1' } }, fields: ['data.meta'] },
  ];
  for (const field of ['domain', 'domainId', 'subscriptionId', 'licenseCount', 'addLicenses', 'batchId'].filter((f) => f in valid)) {
    const { [field]: _left, ...rest } = valid;
    // licenseCount null is a value; a batch ID left out is the event ID.
    if (field !== 'licenseCount' && field !== 'batchId') cases.push({ type, why: `${field} missing`, data: rest, fields: [`data.${field}`] });
    for (const value of MALFORMED[field] ?? []) cases.push({ type, why: `${field} ${JSON.stringify(value)}`, data: { ...valid, [field]: value }, fields: [`data.${field}`] });
  }
  return cases;
}

const table = Object.entries(VALID).flatMap(([type, { data }]) => badEvents(type, data));

let seq = 0;
function event(type: string, data: Data) {
  return { specVersion: '1' as const, id: `bad-${process.pid}-${++seq}`, type, occurredAt: new Date().toISOString(), data };
}

async function deliver(body: unknown): Promise<{ status: number; json: { error?: string; problems?: string[] } }> {
  const raw = JSON.stringify(body);
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...signatureHeaders(TEST_SECRET, raw) }, body: raw });
  return { status: response.status, json: (await response.json()) as { error?: string; problems?: string[] } };
}

test('every event type has a valid example that passes its checks and at least five bad variants', () => {
  expect(Object.keys(VALID).sort()).toEqual(EVENT_ROUTES.map((r) => r.type).sort());
  for (const [type, { data }] of Object.entries(VALID)) {
    expect(findRoute(type)?.check(event(type, data))).toEqual([]);
    expect(table.filter((row) => row.type === type).length).toBeGreaterThanOrEqual(5);
    // The docs' JSON Schema comes from the same schema, identifiers included.
    const jsonSchema = z.toJSONSchema(findRoute(type)!.dataSchema) as { properties: Record<string, unknown> };
    expect(Object.keys(jsonSchema.properties)).toEqual(expect.arrayContaining(['domain', 'domainId'].filter((f) => f in data)));
  }
});

test('a change event without its own requestId is checked with its event ID, the longest an envelope allows (128)', () => {
  for (const type of ['subscription.change_requested', 'option.change_requested']) {
    const longest = { ...event(type, VALID[type]!.data), id: `e${'x'.repeat(127)}` };
    expect(findRoute(type)?.check(longest)).toEqual([]);
  }
});

test('docs/webhook.md documents every event type and the fields each requires', () => {
  const docs = readFileSync(new URL('../../docs/webhook.md', import.meta.url), 'utf8');
  for (const route of EVENT_ROUTES) {
    const row = docs.split('\n').find((line) => line.startsWith(`| \`${route.type}\``));
    expect(row).toBeDefined();
    const required = (z.toJSONSchema(route.dataSchema) as { required?: string[] }).required ?? [];
    for (const field of required) expect(row).toContain(field);
  }
});

test.each(table.map((row) => [row.type, row.why, row] as const))('%s with %s is refused with 400 naming the field', async (_type, _why, row) => {
  const { status, json } = await deliver(event(row.type, row.data));
  expect(status).toBe(400);
  expect(json.error).toBe('INVALID_EVENT');
  const problems = (json.problems ?? []).join('\n');
  for (const field of row.fields) expect(problems).toContain(field);
});

test('one event with several faults names every one of them', async () => {
  const { status, json } = await deliver(event('customer.details_changed', { domainId: -1, locale: 'xx_XX', subscriptions: [{ productId: 'STD', licenseCount: -2 }], clientSecret: 's' }));
  expect(status).toBe(400);
  const problems = (json.problems ?? []).join('\n');
  for (const field of ['data.domain ', 'data.domainId', 'data.locale', 'data.subscriptions[0].licenseCount', 'data.clientSecret']) expect(problems).toContain(field);
});

test('after all the bad events: nothing recorded, nothing started, no Partner API call', async () => {
  expect(await new CrmStateStore(t.crmStateFile).readAll()).toEqual({});
  for (const { workflowId } of Object.values(VALID).filter((v) => !v.workflowId.endsWith('/'))) {
    await expect(t.env.client.workflow.getHandle(workflowId).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  }
  expect((await t.env.client.workflow.count(`TaskQueue = "${t.taskQueue}"`)).count).toBe(0);
  expect(await journal(t.simulator)).toEqual([]);
});

/**
 * Sends `quick` at once, then `slow` a byte every `intervalMs`; resolves when the server closes the connection,
 * with how many slow bytes went out and what the server said.
 */
function sendSlowly(port: number, quick: string, slow: string, intervalMs: number): Promise<{ sentBytes: number; answer: string }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(quick));
    let sent = 0;
    let answer = '';
    const timer = setInterval(() => {
      if (sent < slow.length && !socket.destroyed) socket.write(slow[sent++] as string);
    }, intervalMs);
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ sentBytes: sent, answer });
    });
  });
}

test('slow clients are answered 408 and disconnected before they finish: headers or body a byte at a time, or nothing at all', async () => {
  const slowApp = buildWebhookApp({
    client: t.env.client,
    taskQueue: t.taskQueue,
    secret: TEST_SECRET,
    crmStateFile: t.crmStateFile,
    limits: { headersTimeoutMs: 500, requestTimeoutMs: 1_000, idleTimeoutMs: 5_000 },
  });
  await slowApp.listen({ port: 0, host: '127.0.0.1' });
  try {
    const { port } = slowApp.server.address() as { port: number };
    const body = JSON.stringify(event('dns.configured', { domain: 'slow.example' }));
    const head = `POST ${EVENTS_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    // At 50 ms a byte the whole request would take many seconds; the server cuts it off at its timeouts.
    const slowHeaders = await sendSlowly(port, '', head + body, 50);
    expect(slowHeaders.sentBytes).toBeLessThan((head + body).length);
    expect(slowHeaders.answer).toMatch(/^HTTP\/1\.1 408/);

    const slowBody = await sendSlowly(port, head, body, 50);
    expect(slowBody.sentBytes).toBeLessThan(body.length);
    expect(slowBody.answer).toMatch(/^HTTP\/1\.1 408/);

    // A connection opened and left silent is closed as well.
    const silent = await sendSlowly(port, '', '', 50);
    expect(silent.sentBytes).toBe(0);
  } finally {
    await slowApp.close();
  }
  expect(await journal(t.simulator)).toEqual([]);
});

test('request headers larger than the limit are refused with 431', async () => {
  const raw = JSON.stringify(event('dns.configured', { domain: 'headers.example' }));
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-padding': 'a'.repeat(10_000), ...signatureHeaders(TEST_SECRET, raw) }, body: raw });
  expect(response.status).toBe(431);
});
