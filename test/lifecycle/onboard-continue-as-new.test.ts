// A long DNS wait continues as new (issue #11): on a real Temporal dev server with a worker, the simulator over HTTP, a
// real DNS server on loopback and a CRM stand-in. `dnsWait.checksPerRun: 2` makes the workflow continue after every
// second check, so a few seconds show several runs: the business ID stays, the status, search attributes and Web UI
// details go on as they were, recheckDns and the deadline decision reach the continued run, and nothing the first run
// did (getDnsRecords, the CRM's onboarding.dns_records notification) is done again. The worker signs setup page links
// (issue #18): the link handed out with the records (status, CRM notification, Web UI details) verifies with the
// setup-link module, is refreshed when the deadline is extended, and stays the same across continue-as-new.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { ApplicationFailure } from '@temporalio/common';
import type { WorkflowHandle } from '@temporalio/client';
import { createActivities } from '../../activities/index.js';
import { startSimulator } from '../../simulator/app.js';
import { createWorker } from '../../workers/worker.js';
import {
  crmNotificationsQuery,
  dnsDeadlineDecisionUpdate,
  onboardCustomer,
  onboardWorkflowId,
  recheckDnsSignal,
  type OnboardCustomerInput,
  type OnboardingStatus,
} from '../../workflows/index.js';
import { startDnsServer, type TestDnsServer } from '../helpers/dns-server.js';
import { clientFor, journal, type RunningSimulator } from '../helpers/simulator.js';
import { bundleWorkflows, createLocalEnv, uniqueTaskQueue } from '../helpers/temporal.js';
import { verifySetupLink } from '../../setup-link/signed-link.js';
import { queryUntil, runChain } from './lifecycle-support.js';
import { startCrmStandIn, TEST_SECRET, type CrmStandIn } from '../triggers/support.js';

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let dns: TestDnsServer;
let simulator: RunningSimulator;
let crm: CrmStandIn;

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

const LINK_SECRET = 'setup-link-secret-0123456789abcdef';
const LINK_MARGIN_MS = 7 * 86_400_000;

/** Checks a handed-out link with the page server's own verification: bound to the domain and this run chain. */
function expectValidLink(link: { url: string; expiresAt: string } | undefined, domain: string, workflowId: string, firstRunId: string, deadline: string): void {
  expect(link).toBeDefined();
  const match = /^https:\/\/setup\.partner\.example\/setup\/([^/]+)\/([^/]+)$/.exec(link!.url);
  expect(match).not.toBeNull();
  const checked = verifySetupLink(decodeURIComponent(match![1]!), match![2]!, LINK_SECRET, Date.now());
  expect(checked).toEqual({ ok: true, claims: { domain, workflowId, firstRunId, expiresAt: Date.parse(deadline) + LINK_MARGIN_MS } });
  expect(link!.expiresAt).toBe(new Date(Date.parse(deadline) + LINK_MARGIN_MS).toISOString());
  expect(verifySetupLink('other.example', match![2]!, LINK_SECRET, Date.now())).toEqual({ ok: false, reason: 'tampered' });
}

const EVERY_SECOND_CHECK = { initialInterval: '1s', maxInterval: '1s', grace: '1s', recursiveAfter: '1h', deadline: '10 minutes', checksPerRun: 2 };

function input(domain: string, dnsWait: OnboardCustomerInput['dnsWait']): OnboardCustomerInput {
  return { domain, companyName: 'Acme Inc.', phoneNumber: '03-0000-0000', timeZone: 'Asia/Tokyo', locale: 'ja_JP', dnsWait };
}

async function withWorker<T>(name: string, fn: (taskQueue: string) => Promise<T>, replaced: Partial<ReturnType<typeof createActivities>> = {}): Promise<T> {
  const taskQueue = uniqueTaskQueue(name);
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    activities: {
      ...createActivities({
        client: clientFor(simulator),
        dns: { resolvers: [dns.server], authoritativePort: dns.port, timeoutMs: 2000 },
        notify: { callbackUrl: crm.url, secret: TEST_SECRET, timeoutMs: 5_000 },
        setupLinks: { secret: LINK_SECRET, baseUrl: 'https://setup.partner.example', linkMarginMs: LINK_MARGIN_MS },
      }),
      ...replaced,
    },
    workflowBundle: bundle,
  });
  return worker.runUntil(fn(taskQueue));
}

const statusWhen = (handle: WorkflowHandle, predicate: (s: OnboardingStatus) => boolean, what: string) => queryUntil<OnboardingStatus>(handle, 'onboardingStatus', predicate, what);

/** The run IDs of a workflow from its first run, following each continue-as-new. */
const runsOf = async (workflowId: string, firstRunId: string): Promise<string[]> => (await runChain(env.client, workflowId, firstRunId)).map((run) => run.runId);

async function runsWhen(handle: WorkflowHandle & { firstExecutionRunId: string }, atLeast: number): Promise<string[]> {
  for (let i = 0; i < 600; i++) {
    const runs = await runsOf(handle.workflowId, handle.firstExecutionRunId);
    if (runs.length >= atLeast) return runs;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${handle.workflowId} never reached ${atLeast} runs`);
}

const detailsOf = async (handle: WorkflowHandle) => (await handle.query<{ currentDetails: string }>('__temporal_workflow_metadata')).currentDetails;
const received = (type: string, domain: string) => crm.received.filter((r) => r.body.type === type && (r.body.data as { domain?: string }).domain === domain);

test('an onboarding continues as new twice during the DNS wait, looks the same after it, and activates once the records appear', async () => {
  const domain = 'continued.example';
  dns.addZone(domain);
  const result = await withWorker('onboard-can', async (taskQueue) => {
    const handle = await env.client.workflow.start(onboardCustomer, { taskQueue, workflowId: onboardWorkflowId(domain), args: [input(domain, EVERY_SECOND_CHECK)] });
    // At least one check (not exactly one: with a check every second, a poll on a loaded machine can miss that moment;
    // what is read from it stays the same over the whole wait).
    const first = await statusWhen(handle, (s) => (s.dns?.checks ?? 0) >= 1, 'the first check');
    expect(first.locale).toBe('ja_JP');
    expectValidLink(first.setupPage, domain, handle.workflowId, handle.firstExecutionRunId, first.dns!.deadline);

    const runs = await runsWhen(handle, 3);
    expect(runs[0]).toBe(handle.firstExecutionRunId);
    const later = await statusWhen(handle, (s) => (s.dns?.checks ?? 0) >= 5, 'checks in the third run');
    // The same status: the records, the customer, the deadline and the count of checks go on from the first run.
    expect(later).toMatchObject({ step: 'WAITING_FOR_DNS', domain, domainId: first.domainId, dnsRecords: first.dnsRecords, waitingFor: first.waitingFor, setupPage: first.setupPage, locale: 'ja_JP' });
    expect(later.dns).toMatchObject({ state: 'WAITING', expected: first.dns!.expected, deadline: first.dns!.deadline, activationAttempts: 0 });
    expect(later.dns!.lastCheck!.records.map((r) => r.visible)).toEqual([false, false]);
    // The search attributes and the Web UI details of the current run are those of the waiting onboarding.
    const described = await handle.describe();
    expect(described.runId).not.toBe(handle.firstExecutionRunId);
    expect(described.searchAttributes).toMatchObject({ PartnerOperation: ['onboard'], PartnerState: ['WAITING_FOR_DNS'], CustomerDomain: [domain], DomainId: [first.domainId] });
    const details = await detailsOf(handle);
    expect(details).toContain('**Step:** WAITING_FOR_DNS');
    expect(details).toContain(`**Domain:** ${domain} (domainId ${first.domainId})`);
    expect(details).toMatch(/\*\*DNS:\*\* WAITING: 0\/2 records visible on all authoritative servers after \d+ checks/);
    expect(details).toContain(`**Setup page:** ${first.setupPage!.url} (valid until ${first.setupPage!.expiresAt})`);

    const txt = first.dns!.expected.find((r) => r.type === 'TXT')!;
    dns.addRecord(txt.host, 'TXT', txt.value);
    const done = await handle.result();
    const notified = await eventually(() => received('onboarding.dns_records', domain), 1);
    expect(notified[0]!.body.data).toMatchObject({ domainId: first.domainId, setupPage: first.setupPage });
    // The query of the last run still lists the notification the first run handed over.
    const sent = await handle.query(crmNotificationsQuery);
    expect(sent.map((n) => n.type)).toEqual(['onboarding.dns_records', 'onboarding.completed']);
    return done;
  });
  expect(result).toMatchObject({ outcome: 'ACTIVE', created: true, customer: { domain, enableActiveDomain: true }, dnsRecords: { txtToken: expect.any(String) } });
  const operations = (await journal(simulator)).filter((e) => e.operation !== 'getCustomer').map((e) => e.operation);
  for (const once of ['listCustomers', 'verifyDomain', 'createCustomer', 'getUpgradeDomain']) expect(operations.filter((o) => o === once)).toHaveLength(1);
  expect(operations.filter((o) => o === 'activateCustomer')).toHaveLength(1);
  // The CRM got the records once, from the first run, and the completion once.
  const records = await eventually(() => received('onboarding.dns_records', domain), 1);
  expect(records).toHaveLength(1);
  await eventually(() => received('onboarding.completed', domain), 1);
});

test('recheckDns reaches a continued run: with an hour between checks, each signal makes the next check and the continue happen', async () => {
  const domain = 'signalled.example';
  dns.addZone(domain);
  const result = await withWorker('onboard-can-signal', async (taskQueue) => {
    const handle = await env.client.workflow.start(onboardCustomer, {
      taskQueue,
      workflowId: onboardWorkflowId(domain),
      args: [input(domain, { ...EVERY_SECOND_CHECK, initialInterval: '1h', maxInterval: '1h', deadline: '3h' })],
    });
    await statusWhen(handle, (s) => s.dns?.checks === 1, 'the first check');
    await handle.signal(recheckDnsSignal);
    await statusWhen(handle, (s) => s.dns?.checks === 2, 'the second check, on the signal');
    await handle.signal(recheckDnsSignal);
    // The signal ends the second back-off: the run continues as new and the next run checks at once.
    const runs = await runsWhen(handle, 2);
    const continued = await statusWhen(handle, (s) => s.dns?.checks === 3, 'the first check of the second run');
    expect(Date.parse(continued.dns!.nextCheckAt!) - Date.parse(continued.dns!.lastCheckAt!)).toBeGreaterThan(30 * 60_000);

    const txt = continued.dns!.expected.find((r) => r.type === 'TXT')!;
    dns.addRecord(txt.host, 'TXT', txt.value);
    await handle.signal(recheckDnsSignal);
    const done = await handle.result();
    expect(await runsOf(handle.workflowId, handle.firstExecutionRunId)).toEqual(runs);
    return done;
  });
  expect(result).toMatchObject({ outcome: 'ACTIVE', customer: { domain } });
});

test('the deadline decision reaches a continued run: extend, wait on (continuing again), then cancel', async () => {
  const domain = 'decided.example';
  dns.addZone(domain);
  const result = await withWorker('onboard-can-deadline', async (taskQueue) => {
    const handle = await env.client.workflow.start(onboardCustomer, { taskQueue, workflowId: onboardWorkflowId(domain), args: [input(domain, { ...EVERY_SECOND_CHECK, deadline: '6s' })] });
    const atDeadline = await statusWhen(handle, (s) => s.dns?.state === 'DEADLINE_REACHED', 'the deadline');
    const runsAtDeadline = await runsOf(handle.workflowId, handle.firstExecutionRunId);
    expect(runsAtDeadline.length).toBeGreaterThanOrEqual(2);
    expect(atDeadline).toMatchObject({ step: 'DNS_DEADLINE_REACHED', waitingFor: expect.stringContaining('dnsDeadlineDecision') });

    await handle.executeUpdate(dnsDeadlineDecisionUpdate, { args: [{ action: 'extend', extendBy: '6s', decidedBy: 'ops@partner' }] });
    await statusWhen(handle, (s) => s.step === 'WAITING_FOR_DNS' && s.dns?.state === 'WAITING', 'waiting again after the extension');
    await runsWhen(handle, runsAtDeadline.length + 1);
    const extended = await statusWhen(handle, (s) => s.dns?.state === 'DEADLINE_REACHED', 'the extended deadline');
    expect(Date.parse(extended.dns!.deadline)).toBeGreaterThan(Date.parse(atDeadline.dns!.deadline));
    // The link was signed again for the extended deadline (and carried into the runs after it).
    expectValidLink(atDeadline.setupPage, domain, handle.workflowId, handle.firstExecutionRunId, atDeadline.dns!.deadline);
    expectValidLink(extended.setupPage, domain, handle.workflowId, handle.firstExecutionRunId, extended.dns!.deadline);
    await handle.executeUpdate(dnsDeadlineDecisionUpdate, { args: [{ action: 'cancel', decidedBy: 'ops@partner', reason: 'customer gave up' }] });
    return handle.result();
  });
  expect(result).toMatchObject({ outcome: 'CANCELLED', domain, decision: { action: 'cancel', decidedBy: 'ops@partner' } });
  const operations = (await journal(simulator)).map((e) => e.operation);
  expect(operations.filter((o) => o === 'getUpgradeDomain')).toHaveLength(1);
  expect(operations).not.toContain('activateCustomer');
  expect(await eventually(() => received('onboarding.dns_records', domain), 1)).toHaveLength(1);
});

/** Polls `read` until it has at least `count` entries (bounded: 10 s). */
async function eventually<T>(read: () => T[], count: number): Promise<T[]> {
  for (let i = 0; i < 600 && read().length < count; i++) await new Promise((r) => setTimeout(r, 100));
  return read();
}

test('a setup page link that cannot be signed leaves the onboarding going: the records go out without a link, and it activates', async () => {
  const domain = 'unsigned-link.example';
  dns.addZone(domain);
  let signings = 0;
  const failingSigner = {
    setupPageLink: async () => {
      signings += 1;
      throw ApplicationFailure.nonRetryable('signing is broken on this worker', 'ERR_TEST_SIGNING');
    },
  };
  const result = await withWorker(
    'onboard-no-link',
    async (taskQueue) => {
      const handle = await env.client.workflow.start(onboardCustomer, { taskQueue, workflowId: onboardWorkflowId(domain), args: [input(domain, EVERY_SECOND_CHECK)] });
      const waiting = await statusWhen(handle, (s) => (s.dns?.checks ?? 0) >= 1, 'a first check');
      expect(waiting.step).toBe('WAITING_FOR_DNS');
      expect(waiting.setupPage).toBeUndefined();
      const txt = waiting.dns!.expected.find((r) => r.type === 'TXT')!;
      dns.addRecord(txt.host, 'TXT', txt.value);
      return handle.result();
    },
    failingSigner,
  );
  expect(result).toMatchObject({ outcome: 'ACTIVE', customer: { domain, enableActiveDomain: true } });
  expect(signings).toBeGreaterThanOrEqual(1);
  const records = await eventually(() => received('onboarding.dns_records', domain), 1);
  expect(records[0]!.body.data).not.toHaveProperty('setupPage');
});
