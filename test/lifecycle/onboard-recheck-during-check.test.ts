// A recheckDns signal that arrives while a DNS check runs is kept (DNS_RECHECK_KEPT_PATCH): the next check runs at once
// instead of after the back-off. Real Temporal dev server and worker, the simulator over HTTP, a real DNS server on
// loopback; the worker's first checkDnsRecords is held in flight (heartbeating; the real check runs once released) so
// the signal provably reaches the workflow while the check is in flight.
import type { WorkflowHandle } from '@temporalio/client';
import { createActivities } from '../../activities/index.js';
import { createWorker } from '../../workers/worker.js';
import { onboardCustomer, onboardWorkflowId, recheckDnsSignal, type OnboardingStatus } from '../../workflows/index.js';
import { startDnsServer, type TestDnsServer } from '../helpers/dns-server.js';
import { holdable } from '../helpers/hold.js';
import { clientFor } from '../helpers/simulator.js';
import { uniqueTaskQueue } from '../helpers/temporal.js';
import { queryUntil, startLifecycleEnv, stopLifecycleEnv, type LifecycleEnv } from './lifecycle-support.js';

let ctx: LifecycleEnv;
let dns: TestDnsServer;
beforeAll(async () => {
  dns = await startDnsServer();
  ctx = await startLifecycleEnv({ dnsResolver: { servers: [dns.server] } });
});
afterAll(async () => {
  await stopLifecycleEnv(ctx);
  await dns?.close();
});


/** Resolves once the workflow has handled the signal: a workflow task completed after the signal's event. */
async function signalHandled(handle: WorkflowHandle): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const events = (await handle.fetchHistory()).events ?? [];
    const signalled = events.findIndex((e) => e.workflowExecutionSignaledEventAttributes);
    if (signalled >= 0 && events.slice(signalled).some((e) => e.workflowTaskCompletedEventAttributes)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the signal was never handled');
}

test('a recheckDns that arrives while checkDnsRecords runs makes the next check run at once, not after the hour of back-off', async () => {
  const domain = 'during.example';
  dns.addZone(domain);
  let checks = 0;
  const activities = createActivities({ client: clientFor(ctx.simulator), dns: { resolvers: [dns.server], authoritativePort: dns.port, timeoutMs: 2000 } });
  const realCheck = activities.checkDnsRecords;
  const check = holdable(async (...args: Parameters<typeof realCheck>) => {
    checks++;
    return realCheck(...args);
  });
  activities.checkDnsRecords = check.call;
  const firstCheck = check.hold();
  const taskQueue = uniqueTaskQueue('onboard-recheck-during-check');
  const worker = await createWorker({ connection: ctx.env.nativeConnection, namespace: ctx.env.namespace ?? 'default', taskQueue, activities, workflowBundle: ctx.bundle });

  const status = await worker.runUntil(async () => {
    const handle = await ctx.env.client.workflow.start(onboardCustomer, {
      taskQueue,
      workflowId: onboardWorkflowId(domain),
      args: [
        {
          domain,
          companyName: 'Acme Inc.',
          phoneNumber: '03-0000-0000',
          timeZone: 'Asia/Tokyo',
          locale: 'ja_JP',
          dnsWait: { initialInterval: '1h', maxInterval: '1h', grace: '1s', recursiveAfter: '2h', deadline: '10h' },
        },
      ],
    });
    await firstCheck.whenEntered;
    await handle.signal(recheckDnsSignal);
    await signalHandled(handle);
    firstCheck.release();
    // The first check ends; the kept signal ends the hour-long back-off at once and the second check runs.
    const second = await queryUntil<OnboardingStatus>(handle, 'onboardingStatus', (s) => (s.dns?.checks ?? 0) >= 2, 'the second DNS check');
    const events = (await handle.fetchHistory()).events ?? [];
    expect(events.some((e) => e.timerFiredEventAttributes)).toBe(false);
    await handle.terminate('test done');
    return second;
  });
  expect(checks).toBe(2);
  expect(status.dns).toMatchObject({ state: 'WAITING', checks: 2 });
});
