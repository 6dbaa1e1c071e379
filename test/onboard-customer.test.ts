// The onboarding slice end to end: a real Temporal dev server, a real worker, the simulator over HTTP.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { WorkflowFailedError } from '@temporalio/client';
import { createActivities } from '../activities/index.js';
import { createWorker } from '../workers/worker.js';
import {
  onboardCustomer,
  onboardingStatusQuery,
  onboardWorkflowId,
  recheckDnsSignal,
  type OnboardCustomerInput,
} from '../workflows/index.js';
import { bundleWorkflows, createLocalEnv, uniqueTaskQueue } from './helpers/temporal.js';
import { clientFor, journal, markDnsVerified, startTestSimulator, type RunningSimulator } from './helpers/simulator.js';

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let simulator: RunningSimulator;

beforeAll(async () => {
  [env, bundle, simulator] = await Promise.all([createLocalEnv(), bundleWorkflows(), startTestSimulator()]);
});

afterAll(async () => {
  await simulator?.app.close();
  await env?.teardown();
});

beforeEach(() => simulator.state.reset());

function input(domain: string): OnboardCustomerInput {
  return {
    domain,
    companyName: 'Acme Inc.',
    phoneNumber: '03-0000-0000',
    timeZone: 'Asia/Tokyo',
    locale: 'ja_JP',
    administrator: { id: 'admin', lastName: 'Yamada', privateEmail: 'admin@example.org' },
  };
}

/** A customer that exists before the test (administrator left out: it needs a password). */
function seed(domain: string) {
  const { administrator: _administrator, ...customer } = input(domain);
  return simulator.state.addCustomer(customer);
}

async function withWorker<T>(taskQueue: string, fn: () => Promise<T>): Promise<T> {
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    activities: createActivities({ client: clientFor(simulator) }),
    workflowBundle: bundle,
  });
  return worker.runUntil(fn());
}

test('a group name (*.by-works.com) is verified, added and active without DNS', async () => {
  const taskQueue = uniqueTaskQueue('onboard-group');
  const result = await withWorker(taskQueue, () =>
    env.client.workflow.execute(onboardCustomer, {
      taskQueue,
      workflowId: onboardWorkflowId('acme.by-works.com'),
      args: [input('acme.by-works.com')],
    }),
  );
  expect(result).toMatchObject({ outcome: 'ACTIVE', created: true, customer: { domain: 'acme.by-works.com', domainType: 'GROUP', enableActiveDomain: true } });
  const calls = (await journal(simulator)).map((e) => `${e.operation} ${e.status}`);
  expect(calls).toEqual(['listCustomers 200', 'verifyDomain 200', 'listCustomers 200', 'createCustomer 201']);
  // The administrator got a generated password; it is in the request only, never in the workflow result.
  const create = (await journal(simulator)).find((e) => e.operation === 'createCustomer');
  expect((create?.body as { administrator: { password: string } }).administrator.password).toMatch(/^[A-Za-z]{8}\d{4}$/);
  expect(JSON.stringify(result)).not.toContain('password');
});

test('a custom domain gets its DNS records, waits, and activates once DNS is in place', async () => {
  const taskQueue = uniqueTaskQueue('onboard-domain');
  await withWorker(taskQueue, async () => {
    const handle = await env.client.workflow.start(onboardCustomer, {
      taskQueue,
      workflowId: onboardWorkflowId('acme.example'),
      args: [input('acme.example')],
    });
    // Wait until the workflow hands out the DNS records.
    let status = await handle.query(onboardingStatusQuery);
    for (let i = 0; i < 100 && status.step !== 'WAITING_FOR_DNS'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = await handle.query(onboardingStatusQuery);
    }
    expect(status.step).toBe('WAITING_FOR_DNS');
    expect(status.dnsRecords).toMatchObject({ domain: 'acme.example', txtHost: 'acme.example' });
    expect(status.dnsRecords?.txtToken).toMatch(/^worksmobile-certification=/);

    // DNS not there yet: activation is refused and the workflow keeps waiting.
    await handle.signal(recheckDnsSignal);
    for (let i = 0; i < 100 && status.activationAttempts < 1; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = await handle.query(onboardingStatusQuery);
    }
    for (let i = 0; i < 100 && status.step !== 'WAITING_FOR_DNS'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = await handle.query(onboardingStatusQuery);
    }
    expect(status).toMatchObject({ step: 'WAITING_FOR_DNS', activationAttempts: 1, lastError: expect.stringContaining('INVALID_DOMAIN') });

    await markDnsVerified(simulator, 'acme.example');
    await handle.signal(recheckDnsSignal);
    const result = await handle.result();
    expect(result).toMatchObject({ outcome: 'ACTIVE', customer: { domain: 'acme.example', domainType: 'DOMAIN', enableActiveDomain: true } });
  });
  const activations = (await journal(simulator)).filter((e) => e.operation === 'activateCustomer').map((e) => e.status);
  expect(activations).toEqual([400, 200]);
});

test('a taken name stops early with the reason, before any customer is created', async () => {
  seed('taken.by-works.com');
  const before = simulator.state.customers.size;
  // The customer exists under another partner flow; a different domain of ours collides with an upgrade domain.
  const taskQueue = uniqueTaskQueue('onboard-taken');
  simulator.state.upgradeDomains.set(999, { domain: 'other.example', isActiveDomain: false });
  const result = await withWorker(taskQueue, () =>
    env.client.workflow.execute(onboardCustomer, { taskQueue, workflowId: onboardWorkflowId('other.example'), args: [input('other.example')] }),
  );
  expect(result).toEqual({ outcome: 'NAME_UNAVAILABLE', domain: 'other.example', reason: expect.stringContaining('ALREADY_EXIST') });
  expect(simulator.state.customers.size).toBe(before);
  expect((await journal(simulator)).some((e) => e.operation === 'createCustomer')).toBe(false);
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

test('invalid input fails before any API call, naming every field at fault', async () => {
  const taskQueue = uniqueTaskQueue('onboard-invalid');
  const bad = { domain: 'Bad_Name', companyName: '', phoneNumber: 'call me', timeZone: 'Asia/Tokyo', locale: 'fr_FR', administrator: { id: 'a', lastName: 'b', privateEmail: 'x@y.z', password: 'secret' } };
  const error = await withWorker(taskQueue, () =>
    env.client.workflow
      .execute(onboardCustomer, { taskQueue, workflowId: onboardWorkflowId('bad'), args: [bad as unknown as OnboardCustomerInput] })
      .then(() => undefined, (err: unknown) => err),
  );
  expect(error).toBeInstanceOf(WorkflowFailedError);
  const message = String((error as WorkflowFailedError).cause?.message);
  for (const field of ['domain', 'companyName', 'phoneNumber', 'locale', 'administrator.password']) expect(message).toContain(field);
  expect(message).not.toContain('secret');
  expect(await journal(simulator)).toEqual([]);
});

test('a repeated start with the same business ID finds the running workflow', async () => {
  const taskQueue = uniqueTaskQueue('onboard-dedupe');
  await withWorker(taskQueue, async () => {
    const options = { taskQueue, workflowId: onboardWorkflowId('dup.example'), args: [input('dup.example')] as [OnboardCustomerInput], workflowIdConflictPolicy: 'USE_EXISTING' as const };
    const first = await env.client.workflow.start(onboardCustomer, options);
    const second = await env.client.workflow.start(onboardCustomer, options);
    expect(second.firstExecutionRunId).toBe(first.firstExecutionRunId);
    await first.terminate('test done');
  });
  expect(simulator.state.customers.size).toBeLessThanOrEqual(1);
});
