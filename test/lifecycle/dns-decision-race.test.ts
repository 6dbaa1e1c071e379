// A DNS deadline decision that arrives while the deadline notice is still being handed over (before the wait's loop
// applies it), on a real dev server: the extension counts from the decision, so the deadline the update answered is the
// one the wait then keeps; a second decision in that window is refused, not silently put in place of the first.
import { fileURLToPath } from 'node:url';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { createDnsActivities } from '../../activities/dns.js';
import { workflowBundleOptions } from '../../workers/worker.js';
import type { DnsWaitStatus } from '../../workflows/onboarding/dns-wait.js';
import { createLocalEnv, uniqueTaskQueue } from '../helpers/temporal.js';
import { queryUntil } from './lifecycle-support.js';
import { dnsDeadlineDecisionUpdate, dnsWaitWithSlowDeadlineNotice, finishNoticeSignal } from './support/dns-wait-fixture-workflows.js';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createLocalEnv();
});
afterAll(async () => {
  await env?.teardown();
});

test('a decision during the deadline notice: the answered deadline is kept, and a second decision is refused', async () => {
  const taskQueue = uniqueTaskQueue('dns-decision-race');
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    activities: createDnsActivities({ dns: { resolvers: ['127.0.0.1:9'], authoritativePort: 9, timeoutMs: 200 } }),
    workflowBundle: await bundleWorkflowCode({ ...workflowBundleOptions(), workflowsPath: fileURLToPath(new URL('./support/dns-wait-fixture-workflows.ts', import.meta.url)) }),
  });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(dnsWaitWithSlowDeadlineNotice, { taskQueue, workflowId: `dns-decision-race/${Date.now()}` });
    await queryUntil<DnsWaitStatus | undefined>(handle, 'fixtureDnsStatus', (s) => s?.state === 'DEADLINE_REACHED', 'the deadline');
    // The notice lasts until the test ends it: both decisions arrive before the loop applies the first.
    const answered = await handle.executeUpdate(dnsDeadlineDecisionUpdate, { args: [{ action: 'extend', extendBy: '1h', decidedBy: 'first@partner' }] });
    expect(answered.state).toBe('WAITING');
    const second = await handle.executeUpdate(dnsDeadlineDecisionUpdate, { args: [{ action: 'cancel', decidedBy: 'second@partner' }] }).catch((err: Error) => err);
    expect(second).toBeInstanceOf(Error);
    expect(String((second as Error & { cause?: Error }).cause?.message)).toContain('a decision (extend by first@partner) is already being applied');
    await handle.signal(finishNoticeSignal);

    const applied = await queryUntil<DnsWaitStatus | undefined>(handle, 'fixtureDnsStatus', (s) => s?.state === 'WAITING', 'the extension applied');
    expect(applied!.deadline).toBe(answered.deadline);
    await handle.terminate('the test is over');
  });
});
