// Group name → domain, end to end: real Temporal dev server and worker, the simulator over HTTP, DNS on loopback.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import { createActivities } from '../../activities/index.js';
import { startSimulator } from '../../simulator/app.js';
import { createWorker } from '../../workers/worker.js';
import {
  changeDomainStatusQuery,
  changeDomainWorkflowId,
  changeGroupToDomain,
  crmNotificationsQuery,
  MAIL_REMINDER,
  type ChangeDomainInput,
  type ChangeDomainStatus,
} from '../../workflows/index.js';
import { verifySetupLink } from '../../setup-link/signed-link.js';
import { startDnsServer, type TestDnsServer } from '../helpers/dns-server.js';
import { startCrmStandIn, TEST_SECRET, type CrmStandIn } from '../triggers/support.js';
import { clientFor, journal, type RunningSimulator } from '../helpers/simulator.js';
import { bundleWorkflows, createLocalEnv, uniqueTaskQueue } from '../helpers/temporal.js';

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let dns: TestDnsServer;
let simulator: RunningSimulator;
let crm: CrmStandIn;
const LINK_SECRET = 'setup-link-secret-0123456789abcdef';

beforeAll(async () => {
  dns = await startDnsServer();
  [env, bundle, simulator, crm] = await Promise.all([createLocalEnv(), bundleWorkflows(), startSimulator(0, { dnsResolver: { servers: [dns.server] } }), startCrmStandIn()]);
});
afterAll(async () => {
  await simulator?.app.close();
  await crm?.close();
  await dns?.close();
  await env?.teardown();
});
beforeEach(() => {
  simulator.state.reset();
  dns.setRecords([]);
});

const FAST_DNS = { initialInterval: '1s', maxInterval: '2s', grace: '1s', recursiveAfter: '1h', deadline: '10 minutes' };

function groupCustomer(name: string) {
  return simulator.state.addCustomer({ domain: name, companyName: 'Group Co.', phoneNumber: '03-0000-0000', timeZone: 'Asia/Tokyo', locale: 'ja_JP' });
}

async function run<T>(fn: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = uniqueTaskQueue('change-domain');
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    activities: createActivities({
      client: clientFor(simulator),
      dns: { resolvers: [dns.server], authoritativePort: dns.port, timeoutMs: 2000 },
      notify: { callbackUrl: crm.url, secret: TEST_SECRET, timeoutMs: 5_000 },
      setupLinks: { secret: LINK_SECRET, baseUrl: 'https://setup.partner.example/', linkMarginMs: 86_400_000 },
    }),
    workflowBundle: bundle,
  });
  return worker.runUntil(fn(taskQueue));
}

async function statusWhen(handle: WorkflowHandle, predicate: (s: ChangeDomainStatus) => boolean): Promise<ChangeDomainStatus> {
  let status = await handle.query(changeDomainStatusQuery);
  for (let i = 0; i < 600 && !predicate(status); i++) {
    await new Promise((r) => setTimeout(r, 100));
    status = await handle.query(changeDomainStatusQuery);
  }
  if (!predicate(status)) throw new Error(`status never matched; last: ${JSON.stringify(status)}`);
  return status;
}

function start(taskQueue: string, input: ChangeDomainInput) {
  return env.client.workflow.start(changeGroupToDomain, { taskQueue, workflowId: changeDomainWorkflowId(input.domainId), args: [input] });
}

test('registers the upgrade domain, hands out its records, waits for DNS, changes the domain and reminds about MX', async () => {
  const customer = groupCustomer('acmegroup');
  const result = await run(async (taskQueue) => {
    const handle = await start(taskQueue, { domainId: customer.domainId, domain: 'acme.example', useMail: true, dnsWait: FAST_DNS });
    const waiting = await statusWhen(handle, (s) => (s.dns?.checks ?? 0) >= 1);
    expect(waiting).toMatchObject({ step: 'WAITING_FOR_DNS', from: 'acmegroup', to: 'acme.example', dnsRecords: { domain: 'acme.example' } });
    // Mail is used: MX records are part of what must be published.
    expect(waiting.dns!.expected.map((r) => r.type).sort()).toEqual(['CNAME', 'MX', 'MX', 'TXT']);
    dns.addZone('acme.example');
    for (const record of waiting.dns!.expected) {
      if (record.type === 'MX') dns.addRecord(record.host, 'MX', `${record.priority} ${record.value}`);
      if (record.type === 'TXT') dns.addRecord(record.host, 'TXT', record.value);
    }
    return handle.result();
  });
  expect(result).toMatchObject({ outcome: 'CHANGED', from: 'acmegroup', mailReminder: MAIL_REMINDER, customer: { domain: 'acme.example', domainType: 'DOMAIN' } });
  const calls = (await journal(simulator)).map((e) => `${e.operation} ${e.status}`);
  expect(calls.filter((c) => c.startsWith('addUpgradeDomain'))).toEqual(['addUpgradeDomain 201']);
  expect(calls.filter((c) => c.startsWith('changeDomain'))).toEqual(['changeDomain 204']);
});

test('a long wait continues as new (every second check here): same status, no second registration or notification, then changes', async () => {
  const customer = groupCustomer('longgroup');
  const result = await run(async (taskQueue) => {
    const handle = await start(taskQueue, { domainId: customer.domainId, domain: 'long.example', dnsWait: { ...FAST_DNS, maxInterval: '1s', checksPerRun: 2 } });
    // At least one check: checks come every second, so a poll on a loaded machine can miss "exactly one"; what is read
    // from it stays the same over the whole wait (as `later` shows).
    const first = await statusWhen(handle, (s) => (s.dns?.checks ?? 0) >= 1);
    // The customer's setup page link: signed for the new domain and this run chain, until the deadline plus the margin.
    expect(first.locale).toBe('ja_JP');
    const [, linkDomain, token] = /\/setup\/([^/]+)\/([^/]+)$/.exec(first.setupPage!.url)!;
    expect(verifySetupLink(linkDomain!, token!, LINK_SECRET, Date.now())).toEqual({
      ok: true,
      claims: { domain: 'long.example', workflowId: handle.workflowId, firstRunId: handle.firstExecutionRunId, expiresAt: Date.parse(first.dns!.deadline) + 86_400_000 },
    });
    const later = await statusWhen(handle, (s) => (s.dns?.checks ?? 0) >= 5);
    expect((await handle.describe()).runId).not.toBe(handle.firstExecutionRunId);
    expect(later).toMatchObject({ step: 'WAITING_FOR_DNS', from: 'longgroup', to: 'long.example', dnsRecords: first.dnsRecords, waitingFor: first.waitingFor, setupPage: first.setupPage, locale: 'ja_JP' });
    expect(later.dns).toMatchObject({ expected: first.dns!.expected, deadline: first.dns!.deadline });
    expect((await handle.describe()).searchAttributes).toMatchObject({ PartnerOperation: ['change-domain'], PartnerState: ['WAITING_FOR_DNS'], CustomerDomain: ['longgroup'] });
    expect(await handle.query(crmNotificationsQuery)).toEqual([expect.objectContaining({ type: 'domain_change.dns_records' })]);
    dns.addZone('long.example');
    const txt = first.dns!.expected.find((r) => r.type === 'TXT')!;
    dns.addRecord(txt.host, 'TXT', txt.value);
    return handle.result();
  });
  expect(result).toMatchObject({ outcome: 'CHANGED', from: 'longgroup', customer: { domain: 'long.example' } });
  const operations = (await journal(simulator)).map((e) => e.operation);
  expect(operations.filter((o) => o === 'addUpgradeDomain')).toHaveLength(1);
  expect(operations.filter((o) => o === 'verifyDomain')).toHaveLength(1);
  const notifiedNow = () => crm.received.filter((r) => r.body.type === 'domain_change.dns_records' && (r.body.data as { domain?: string }).domain === 'long.example');
  // Delivery is its own detached workflow: wait for it (bounded: 60 s).
  for (let i = 0; i < 600 && notifiedNow().length === 0; i++) await new Promise((r) => setTimeout(r, 100));
  const notified = notifiedNow();
  expect(notified).toHaveLength(1);
  expect(notified[0]!.body.data).toMatchObject({ setupPage: { url: expect.stringMatching(/^https:\/\/setup\.partner\.example\/setup\/long\.example\//) } });
});

test('a re-run reuses the registered upgrade domain instead of registering it again', async () => {
  const customer = groupCustomer('rerungroup');
  await run(async (taskQueue) => {
    const first = await start(taskQueue, { domainId: customer.domainId, domain: 'rerun.example', dnsWait: FAST_DNS });
    await statusWhen(first, (s) => s.step === 'WAITING_FOR_DNS');
    await first.terminate('operator restarts it');
    const second = await start(taskQueue, { domainId: customer.domainId, domain: 'rerun.example', dnsWait: FAST_DNS });
    const waiting = await statusWhen(second, (s) => (s.dns?.checks ?? 0) >= 1);
    dns.addZone('rerun.example');
    const txt = waiting.dns!.expected.find((r) => r.type === 'TXT')!;
    dns.addRecord(txt.host, 'TXT', txt.value);
    expect(await second.result()).toMatchObject({ outcome: 'CHANGED', customer: { domain: 'rerun.example' } });
  });
  const adds = (await journal(simulator)).filter((e) => e.operation === 'addUpgradeDomain');
  expect(adds).toHaveLength(1);
});

test('another registered upgrade domain stops the change unless the input says to replace it', async () => {
  const customer = groupCustomer('othergroup');
  simulator.state.upgradeDomains.set(customer.domainId, { domain: 'old.example', isActiveDomain: false, txtHost: 'old.example', txtToken: 't' });
  const stopped = await run((taskQueue) => start(taskQueue, { domainId: customer.domainId, domain: 'new.example', dnsWait: FAST_DNS }).then((h) => h.result()));
  expect(stopped).toEqual({ outcome: 'STOPPED', reason: expect.stringContaining('replaceRegisteredUpgradeDomain') });
  expect((await journal(simulator)).some((e) => e.operation === 'addUpgradeDomain')).toBe(false);
});

test('a *.by-works.com target needs no DNS and changes at once', async () => {
  const customer = groupCustomer('plaingroup');
  const result = await run((taskQueue) => start(taskQueue, { domainId: customer.domainId, domain: 'plain.by-works.com' }).then((h) => h.result()));
  expect(result).toMatchObject({ outcome: 'CHANGED', customer: { domain: 'plain.by-works.com' } });
  expect((await journal(simulator)).some((e) => e.operation === 'addUpgradeDomain')).toBe(false);
});

test('an already changed customer is reported as such, with no write', async () => {
  const customer = groupCustomer('done.by-works.com');
  const result = await run((taskQueue) => start(taskQueue, { domainId: customer.domainId, domain: 'done.by-works.com' }).then((h) => h.result()));
  expect(result).toMatchObject({ outcome: 'ALREADY_CHANGED' });
  expect((await journal(simulator)).map((e) => e.method)).toEqual(['GET']);
});

test('invalid input names every field at fault before any API call', async () => {
  const error = await run((taskQueue) =>
    start(taskQueue, { domainId: -1, domain: 'Bad Domain', useMail: 'yes', dnsWait: { deadline: 'never' } } as never).then(
      (h) => h.result().then(() => undefined),
      (e: unknown) => e,
    ).catch((e: unknown) => e),
  );
  const message = String((error as { cause?: { message?: string } }).cause?.message);
  for (const field of ['domainId', 'domain', 'useMail', 'dnsWait.deadline']) expect(message).toContain(field);
  expect(await journal(simulator)).toEqual([]);
});
