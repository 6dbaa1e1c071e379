// Onboarding end to end: a real Temporal dev server and worker, the simulator over HTTP, a real DNS server on loopback.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { WorkflowFailedError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { createActivities } from '../../activities/index.js';
import { startSimulator } from '../../simulator/app.js';
import { createWorker } from '../../workers/worker.js';
import {
  dnsDeadlineDecisionUpdate,
  onboardCustomer,
  onboardingStatusQuery,
  onboardWorkflowId,
  recheckDnsSignal,
  type OnboardCustomerInput,
  type OnboardingStatus,
} from '../../workflows/index.js';
import { startDnsServer, type TestDnsServer } from '../helpers/dns-server.js';
import { clientFor, journal, markDnsVerified, type RunningSimulator } from '../helpers/simulator.js';
import { bundleWorkflows, createLocalEnv, uniqueTaskQueue } from '../helpers/temporal.js';

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let dns: TestDnsServer;
/** LINE WORKS' own DNS check goes through the same DNS server, as the real service's would go through public DNS. */
let simulator: RunningSimulator;
/** A simulator that ignores DNS and trusts only its control API: "LINE WORKS has not verified it yet". */
let strictSimulator: RunningSimulator;

beforeAll(async () => {
  dns = await startDnsServer();
  [env, bundle, simulator, strictSimulator] = await Promise.all([
    createLocalEnv(),
    bundleWorkflows(),
    startSimulator(0, { dnsResolver: { servers: [dns.server] } }),
    startSimulator(0),
  ]);
});

afterAll(async () => {
  await simulator?.app.close();
  await strictSimulator?.app.close();
  await dns?.close();
  await env?.teardown();
});

beforeEach(async () => {
  simulator.state.reset();
  strictSimulator.state.reset();
  await fetch(`${simulator.url}/_simulator/faults`, { method: 'DELETE' });
  dns.setRecords([]);
});

const FAST_DNS = { initialInterval: '1s', maxInterval: '2s', grace: '1s', recursiveAfter: '1h', deadline: '10 minutes' };

function input(domain: string, extra: Partial<OnboardCustomerInput> = {}): OnboardCustomerInput {
  return {
    domain,
    companyName: 'Acme Inc.',
    phoneNumber: '03-0000-0000',
    timeZone: 'Asia/Tokyo',
    locale: 'ja_JP',
    administrator: { id: 'admin', lastName: 'Yamada', privateEmail: 'admin@example.org' },
    ...extra,
  };
}

/** A customer that exists before the test (administrator left out: it needs a password). */
function seed(domain: string) {
  const { administrator: _administrator, ...customer } = input(domain);
  return simulator.state.addCustomer(customer);
}

async function withWorker<T>(taskQueue: string, fn: () => Promise<T>, api: RunningSimulator = simulator): Promise<T> {
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    activities: createActivities({ client: clientFor(api), unclearWriteSettle: '1s', dns: { resolvers: [dns.server], authoritativePort: dns.port, timeoutMs: 2000 } }),
    workflowBundle: bundle,
  });
  return worker.runUntil(fn());
}

/** Polls the status query until `predicate` holds (bounded). */
async function statusWhen(handle: WorkflowHandle, predicate: (s: OnboardingStatus) => boolean, what: string): Promise<OnboardingStatus> {
  let status = await handle.query(onboardingStatusQuery);
  for (let i = 0; i < 600 && !predicate(status); i++) {
    await new Promise((r) => setTimeout(r, 100));
    status = await handle.query(onboardingStatusQuery);
  }
  if (!predicate(status)) throw new Error(`status never reached: ${what}; last: ${JSON.stringify(status)}`);
  return status;
}

/** Publishes the TXT record the workflow handed out, in the customer's zone on our DNS server. */
function publishTxt(status: OnboardingStatus, domain: string): void {
  dns.addZone(domain);
  const txt = status.dns!.expected.find((r) => r.type === 'TXT')!;
  dns.addRecord(txt.host, 'TXT', txt.value);
}

test('a group name (*.by-works.com) is verified, added and active without DNS', async () => {
  const taskQueue = uniqueTaskQueue('onboard-group');
  const result = await withWorker(taskQueue, () =>
    env.client.workflow.execute(onboardCustomer, {
      taskQueue,
      workflowId: onboardWorkflowId('acme.by-works.com'),
      args: [input('acme.by-works.com', { useMail: true, dnsWait: FAST_DNS })],
    }),
  );
  expect(result).toMatchObject({ outcome: 'ACTIVE', created: true, customer: { domain: 'acme.by-works.com', domainType: 'GROUP', enableActiveDomain: true } });
  const entries = await journal(simulator);
  expect(entries.map((e) => `${e.operation} ${e.status}`)).toEqual(['listCustomers 200', 'verifyDomain 200', 'createCustomer 201']);
  // The administrator got a generated password: in the API request only, never in the workflow's result or history.
  const create = entries.find((e) => e.operation === 'createCustomer');
  expect((create?.body as { administrator: { password: string } }).administrator.password).toMatch(/^[A-Za-z]{8}\d{4}$/);
  // Only documented request fields reach the API; workflow settings (useMail, dnsWait) stay in the workflow.
  expect(Object.keys(create?.body as object).sort()).toEqual(['administrator', 'companyName', 'domain', 'locale', 'phoneNumber', 'timeZone']);
  const history = await env.client.workflow.getHandle(onboardWorkflowId('acme.by-works.com')).fetchHistory();
  expect(JSON.stringify(history)).not.toContain((create?.body as { administrator: { password: string } }).administrator.password);
});

test('a DNS record that appears after some checks leads to activation', async () => {
  const taskQueue = uniqueTaskQueue('onboard-dns');
  const domain = 'acme.example';
  const result = await withWorker(taskQueue, async () => {
    const handle = await env.client.workflow.start(onboardCustomer, { taskQueue, workflowId: onboardWorkflowId(domain), args: [input(domain, { dnsWait: FAST_DNS })] });
    const waiting = await statusWhen(handle, (s) => (s.dns?.checks ?? 0) >= 2, 'two DNS checks');
    expect(waiting.step).toBe('WAITING_FOR_DNS');
    expect(waiting.dnsRecords?.txtToken).toBeTruthy();
    // Per record and per server: what was found and what is expected, with the last and next check times.
    const txtCheck = waiting.dns!.lastCheck!.records.find((r) => r.record.type === 'TXT')!;
    expect(txtCheck.record.value).toBe(waiting.dnsRecords!.txtToken);
    expect(txtCheck.visible).toBe(false);
    expect(waiting.dns!.lastCheckAt).toBeTruthy();
    expect(Date.parse(waiting.dns!.nextCheckAt!)).toBeGreaterThan(Date.parse(waiting.dns!.lastCheckAt!));

    publishTxt(waiting, domain);
    return handle.result();
  });
  expect(result).toMatchObject({ outcome: 'ACTIVE', customer: { domain, domainType: 'DOMAIN', enableActiveDomain: true } });
  const activations = (await journal(simulator)).filter((e) => e.operation === 'activateCustomer').map((e) => e.status);
  expect(activations).toEqual([200]);
});

test('recheckDns checks at once instead of waiting for the next poll', async () => {
  const taskQueue = uniqueTaskQueue('onboard-recheck');
  const domain = 'recheck.example';
  const result = await withWorker(taskQueue, async () => {
    const handle = await env.client.workflow.start(onboardCustomer, {
      taskQueue,
      workflowId: onboardWorkflowId(domain),
      args: [input(domain, { dnsWait: { ...FAST_DNS, initialInterval: '1h', maxInterval: '1h' } })],
    });
    const waiting = await statusWhen(handle, (s) => s.dns?.checks === 1, 'the first DNS check');
    publishTxt(waiting, domain);
    await handle.signal(recheckDnsSignal);
    return handle.result();
  });
  expect(result.outcome).toBe('ACTIVE');
});

test('when LINE WORKS does not verify the domain yet, the workflow keeps waiting and retries activation', async () => {
  const taskQueue = uniqueTaskQueue('onboard-not-verified');
  const domain = 'slow.example';
  const result = await withWorker(
    taskQueue,
    async () => {
      const handle = await env.client.workflow.start(onboardCustomer, { taskQueue, workflowId: onboardWorkflowId(domain), args: [input(domain, { dnsWait: FAST_DNS })] });
      // At least one check: checks come every second or two, so a poll on a loaded machine can miss "exactly one".
      const waiting = await statusWhen(handle, (s) => (s.dns?.checks ?? 0) >= 1, 'a first DNS check');
      publishTxt(waiting, domain);
      const refused = await statusWhen(handle, (s) => (s.dns?.activationAttempts ?? 0) >= 1 && s.step === 'WAITING_FOR_DNS', 'a refused activation');
      expect(refused.lastError).toContain('INVALID_DOMAIN');
      await markDnsVerified(strictSimulator, domain);
      return handle.result();
    },
    strictSimulator,
  );
  expect(result.outcome).toBe('ACTIVE');
  const activations = (await journal(strictSimulator)).filter((e) => e.operation === 'activateCustomer').map((e) => e.status);
  expect(activations[0]).toBe(400);
  expect(activations.at(-1)).toBe(200);
});

test('a record that never appears reaches the deadline, which asks for a decision: extend, then cancel', async () => {
  const taskQueue = uniqueTaskQueue('onboard-deadline');
  const domain = 'never.example';
  const result = await withWorker(taskQueue, async () => {
    const handle = await env.client.workflow.start(onboardCustomer, {
      taskQueue,
      workflowId: onboardWorkflowId(domain),
      args: [input(domain, { dnsWait: { ...FAST_DNS, deadline: '3s' } })],
    });
    const atDeadline = await statusWhen(handle, (s) => s.dns?.state === 'DEADLINE_REACHED', 'the deadline');
    expect(atDeadline.waitingFor).toContain('dnsDeadlineDecision');

    // A decision without who made it is refused by the validator, and nothing changes.
    const refused = await handle.executeUpdate(dnsDeadlineDecisionUpdate, { args: [{ action: 'extend', extendBy: 'soon' } as never] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(String((refused as WorkflowUpdateFailedError).cause?.message)).toMatch(/decidedBy is required.*extendBy must be a duration/);

    await handle.executeUpdate(dnsDeadlineDecisionUpdate, { args: [{ action: 'extend', extendBy: '3s', decidedBy: 'ops@partner' }] });
    await statusWhen(handle, (s) => s.dns?.state === 'WAITING', 'waiting again after the extension');
    await statusWhen(handle, (s) => s.dns?.state === 'DEADLINE_REACHED', 'the extended deadline');
    await handle.executeUpdate(dnsDeadlineDecisionUpdate, { args: [{ action: 'cancel', decidedBy: 'ops@partner', reason: 'customer gave up' }] });
    return handle.result();
  });
  expect(result).toMatchObject({ outcome: 'CANCELLED', domain, decision: { action: 'cancel', decidedBy: 'ops@partner' } });
  expect((await journal(simulator)).some((e) => e.operation === 'activateCustomer')).toBe(false);
});

test('a worker restarted in the middle of the DNS wait still finishes', async () => {
  const taskQueue = uniqueTaskQueue('onboard-restart');
  const domain = 'restart.example';
  const handle = await withWorker(taskQueue, async () => {
    const started = await env.client.workflow.start(onboardCustomer, { taskQueue, workflowId: onboardWorkflowId(domain), args: [input(domain, { dnsWait: FAST_DNS })] });
    await statusWhen(started, (s) => (s.dns?.checks ?? 0) >= 1, 'a DNS check');
    return started;
  });
  // The first worker is gone and the run is still open; the record is published while no worker runs.
  expect((await handle.describe()).status.name).toBe('RUNNING');
  const records = await env.client.workflow.getHandle(handle.workflowId);
  dns.addZone(domain);
  const customer = simulator.state.findByDomain(domain)!;
  const txt = simulator.state.upgradeDomains.get(customer.domainId)!;
  dns.addRecord(txt.txtHost!, 'TXT', txt.txtToken!);
  const result = await withWorker(taskQueue, () => records.result());
  expect(result).toMatchObject({ outcome: 'ACTIVE', customer: { domain } });
});

test('a taken name stops early with the reason, before any customer is created', async () => {
  simulator.state.upgradeDomains.set(999, { domain: 'other.example', isActiveDomain: false });
  const taskQueue = uniqueTaskQueue('onboard-taken');
  const result = await withWorker(taskQueue, () =>
    env.client.workflow.execute(onboardCustomer, { taskQueue, workflowId: onboardWorkflowId('other.example'), args: [input('other.example')] }),
  );
  expect(result).toEqual({ outcome: 'NAME_UNAVAILABLE', domain: 'other.example', reason: expect.stringContaining('ALREADY_EXIST') });
  expect(simulator.state.customers.size).toBe(0);
});

test('re-running for an existing customer finds it instead of creating a second one', async () => {
  const existing = seed('again.by-works.com');
  const taskQueue = uniqueTaskQueue('onboard-rerun');
  const result = await withWorker(taskQueue, () =>
    env.client.workflow.execute(onboardCustomer, { taskQueue, workflowId: onboardWorkflowId('again.by-works.com'), args: [input('again.by-works.com')] }),
  );
  expect(result).toMatchObject({ outcome: 'ACTIVE', created: false, customer: { domainId: existing.domainId } });
  expect(simulator.state.customers.size).toBe(1);
});

test('"commit then fail" on customer creation never produces a second customer', async () => {
  for (const mode of ['error', 'drop'] as const) {
    simulator.state.reset();
    const queued = await fetch(`${simulator.url}/_simulator/faults/createCustomer/next`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'commitThenFail', mode, count: 2 }),
    });
    expect(queued.status).toBe(201);
    const domain = `cf-${mode}.by-works.com`;
    const taskQueue = uniqueTaskQueue(`onboard-commit-${mode}`);
    const result = await withWorker(taskQueue, () =>
      env.client.workflow.execute(onboardCustomer, { taskQueue, workflowId: onboardWorkflowId(domain), args: [input(domain)] }),
    );
    expect(result).toMatchObject({ outcome: 'ACTIVE', customer: { domain } });
    expect([...simulator.state.customers.values()].filter((c) => c.domain === domain)).toHaveLength(1);
    const creates = (await journal(simulator)).filter((e) => e.operation === 'createCustomer');
    expect(creates).toHaveLength(1);
  }
});

test('invalid input fails before any API call, naming every field at fault', async () => {
  const taskQueue = uniqueTaskQueue('onboard-invalid');
  const bad = {
    domain: 'Bad_Name',
    companyName: '',
    phoneNumber: 'call me',
    timeZone: 'Asia/Tokyo',
    locale: 'fr_FR',
    dnsWait: { deadline: 'forever' },
    administrator: { id: 'a', lastName: 'b', privateEmail: 'x@y.z', password: 'secret' },
  };
  const error = await withWorker(taskQueue, () =>
    env.client.workflow
      .execute(onboardCustomer, { taskQueue, workflowId: onboardWorkflowId('bad'), args: [bad as unknown as OnboardCustomerInput] })
      .then(() => undefined, (err: unknown) => err),
  );
  expect(error).toBeInstanceOf(WorkflowFailedError);
  const message = String((error as WorkflowFailedError).cause?.message);
  for (const field of ['domain', 'companyName', 'phoneNumber', 'locale', 'administrator.password', 'dnsWait.deadline']) expect(message).toContain(field);
  expect(message).not.toContain('secret');
  expect(await journal(simulator)).toEqual([]);
});

test('a repeated start with the same business ID finds the running workflow', async () => {
  const taskQueue = uniqueTaskQueue('onboard-dedupe');
  await withWorker(taskQueue, async () => {
    const options = {
      taskQueue,
      workflowId: onboardWorkflowId('dup.example'),
      args: [input('dup.example', { dnsWait: FAST_DNS })] as [OnboardCustomerInput],
      workflowIdConflictPolicy: 'USE_EXISTING' as const,
    };
    const first = await env.client.workflow.start(onboardCustomer, options);
    const second = await env.client.workflow.start(onboardCustomer, options);
    expect(second.firstExecutionRunId).toBe(first.firstExecutionRunId);
    await statusWhen(first, (s) => s.step === 'WAITING_FOR_DNS', 'the DNS wait');
    await first.terminate('test done');
  });
  expect([...simulator.state.customers.values()].filter((c) => c.domain === 'dup.example')).toHaveLength(1);
});

test('an initial subscription is added once the customer is active, through the subscription workflow', async () => {
  const taskQueue = uniqueTaskQueue('onboard-subscription');
  const domain = 'subs.by-works.com';
  const result = await withWorker(taskQueue, () =>
    env.client.workflow.execute(onboardCustomer, {
      taskQueue,
      workflowId: onboardWorkflowId(domain),
      args: [input(domain, { initialSubscription: { productId: 'STD_T', plan: 'TRIAL' } })],
    }),
  );
  expect(result.outcome === 'ACTIVE' && result.initialSubscription).toMatchObject({ outcome: 'APPLIED', route: 'IMMEDIATE' });
  const adds = (await journal(simulator)).filter((e) => e.operation === 'addSubscription');
  expect(adds.map((e) => e.status)).toEqual([201]);
  expect(adds[0]!.body).toMatchObject({ productId: 'STD_T', plan: 'TRIAL' });
});

test('a refused initial subscription is reported while the customer stays active', async () => {
  const taskQueue = uniqueTaskQueue('onboard-subscription-refused');
  const domain = 'paid.by-works.com';
  // The simulator hands out domainIds from the start again after each reset, while the Temporal server keeps earlier
  // runs: a filler customer keeps this one's subscription request ID apart from the previous test's.
  seed('filler.by-works.com');
  const result = await withWorker(taskQueue, () =>
    env.client.workflow.execute(onboardCustomer, {
      taskQueue,
      workflowId: onboardWorkflowId(domain),
      // The API wants a free or trial plan of the product group before a paid one.
      args: [input(domain, { initialSubscription: { productId: 'STD', plan: 'MONTHLY', licenseCount: 5 } })],
    }),
  );
  expect(result).toMatchObject({ outcome: 'ACTIVE', customer: { domain, enableActiveDomain: true } });
  expect(result.outcome === 'ACTIVE' && result.initialSubscription).toMatchObject({ outcome: 'FAILED', error: expect.stringContaining('free or trial') });
});

test('an invalid initial subscription is refused with the onboarding input, before any API call', async () => {
  const taskQueue = uniqueTaskQueue('onboard-bad-subscription');
  const error = await withWorker(taskQueue, () =>
    env.client.workflow
      .execute(onboardCustomer, {
        taskQueue,
        workflowId: onboardWorkflowId('badsub.by-works.com'),
        args: [input('badsub.by-works.com', { initialSubscription: { productId: 'STD', licenseCount: -3, seats: 2 } as never })],
      })
      .then(() => undefined, (err: unknown) => err),
  );
  const message = String((error as WorkflowFailedError).cause?.message);
  expect(message).toContain('initialSubscription.licenseCount');
  expect(message).toContain('initialSubscription.seats');
  expect(await journal(simulator)).toEqual([]);
});

test('terms of service not accepted: the workflow says what the customer must do and keeps waiting, then activates', async () => {
  const taskQueue = uniqueTaskQueue('onboard-terms');
  const domain = 'terms.example';
  await fetch(`${simulator.url}/_simulator/choices`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ termsAcceptedOnCreate: false }) });
  const result = await withWorker(taskQueue, async () => {
    const handle = await env.client.workflow.start(onboardCustomer, {
      taskQueue,
      workflowId: onboardWorkflowId(domain),
      args: [input(domain, { dnsWait: { ...FAST_DNS, initialInterval: '1h', maxInterval: '1h' } })],
    });
    publishTxt(await statusWhen(handle, (s) => s.dns?.checks === 1, 'the first DNS check'), domain);
    await handle.signal(recheckDnsSignal);
    const refused = await statusWhen(handle, (s) => s.step === 'WAITING_FOR_TERMS', 'the terms refusal');
    expect(refused.termsOfService).toMatchObject({ accepted: false, action: expect.stringContaining('accept the terms of service') });
    expect(refused.waitingFor).toContain('terms of service');
    expect(refused.lastError).toContain('TERMS_NOT_AGREED');
    expect(refused.dns?.lastActivationError).toContain('terms of service not accepted');
    // Still running: a refusal the customer can fix is not a failure.
    expect((await handle.describe()).status.name).toBe('RUNNING');

    // The customer's administrator accepts the terms (in LINE WORKS; here through the control API).
    await fetch(`${simulator.url}/_simulator/customers/${refused.domainId}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ termsAccepted: true }) });
    await handle.signal(recheckDnsSignal);
    return handle.result();
  });
  expect(result).toMatchObject({ outcome: 'ACTIVE', customer: { domain, enableActiveDomain: true } });
  const activations = (await journal(simulator)).filter((e) => e.operation === 'activateCustomer').map((e) => e.status);
  expect(activations).toEqual([400, 200]);
});
