// The DNS wait's real default durations (1 minute backing off to 30, a 72-hour deadline) on the time-skipping test
// server: days pass in seconds, while the DNS checks still go to a real DNS server on loopback.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities/index.js';
import { startSimulator } from '../../simulator/app.js';
import { createWorker } from '../../workers/worker.js';
import { dnsDeadlineDecisionUpdate, onboardCustomer, onboardingStatusQuery, onboardWorkflowId } from '../../workflows/index.js';
import { startDnsServer, type TestDnsServer } from '../helpers/dns-server.js';
import { clientFor, journal, type RunningSimulator } from '../helpers/simulator.js';
import { bundleWorkflows, createTimeSkippingEnv, uniqueTaskQueue } from '../helpers/temporal.js';

let env: TestWorkflowEnvironment;
let dns: TestDnsServer;
let simulator: RunningSimulator;

beforeAll(async () => {
  dns = await startDnsServer();
  [env, simulator] = await Promise.all([createTimeSkippingEnv(), startSimulator(0, { dnsResolver: { servers: [dns.server] } })]);
});

afterAll(async () => {
  await simulator?.app.close();
  await dns?.close();
  await env?.teardown();
});

test('with the default settings, a record that never appears reaches the 72-hour deadline, checked with back-off', async () => {
  const taskQueue = uniqueTaskQueue('onboard-72h');
  const domain = 'late.example';
  dns.addZone(domain);
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    activities: createActivities({ client: clientFor(simulator), dns: { resolvers: [dns.server], authoritativePort: dns.port, timeoutMs: 2000 } }),
    workflowBundle: await bundleWorkflows(),
  });
  const startedAt = await env.currentTimeMs();
  const status = await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(onboardCustomer, {
      taskQueue,
      workflowId: onboardWorkflowId(domain),
      args: [{ domain, companyName: 'Late Ltd.', phoneNumber: '03-1111-2222', timeZone: 'Asia/Tokyo', locale: 'ja_JP' }],
    });
    // The server skips ahead from timer to timer while the test sleeps; DNS checks in between run for real.
    await env.sleep('73 hours');
    const current = await handle.query(onboardingStatusQuery);
    // About 140 checks: the run continued as new after 100 (the default dnsWait.checksPerRun), and the count went on.
    expect((await handle.describe()).runId).not.toBe(handle.firstExecutionRunId);
    await handle.executeUpdate(dnsDeadlineDecisionUpdate, { args: [{ action: 'cancel', decidedBy: 'ops@partner' }] });
    await handle.result();
    return current;
  });
  expect(status.dns?.state).toBe('DEADLINE_REACHED');
  const elapsedHours = (Date.parse(status.dns!.lastCheckAt!) - startedAt) / 3_600_000;
  expect(elapsedHours).toBeGreaterThanOrEqual(72);
  expect(elapsedHours).toBeLessThan(73);
  // 1, 2, 4, 8, 16 minutes, then every 30 minutes: about 140 checks in 72 hours, not one a minute (4320).
  expect(status.dns!.checks).toBeGreaterThan(100);
  expect(status.dns!.checks).toBeLessThan(160);
  // After the first 30 minutes recursive resolvers were asked too, as a second signal.
  expect(status.dns!.lastCheck!.records[0]!.servers.map((s) => s.kind)).toContain('recursive');
  expect((await journal(simulator)).some((e) => e.operation === 'activateCustomer')).toBe(false);
});
