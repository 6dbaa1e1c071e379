// partnerctl decide: a person's answer to a DNS wait past its deadline, on a real dev server and worker (the worker's
// DNS checks go to a closed loopback port, so a custom domain's records are never seen and its deadline passes).
import type { OnboardingStatus } from '../../workflows/index.js';
import { queryUntil } from '../lifecycle/lifecycle-support.js';
import { runCli, startTriggerEnv, type TriggerEnv } from './support.js';

let t: TriggerEnv;
beforeAll(async () => {
  t = await startTriggerEnv('cli-decide');
});
afterAll(async () => {
  await t?.close();
});

const run = (args: string[]) => runCli(t, args);

async function onboardingPastItsDeadline(domain: string) {
  const handle = await t.env.client.workflow.start('onboardCustomer', {
    taskQueue: t.taskQueue,
    workflowId: `onboard/${domain}`,
    args: [{ domain, companyName: 'Acme Inc.', phoneNumber: '03-0000-0000', timeZone: 'Asia/Tokyo', locale: 'ja_JP', dnsWait: { initialInterval: '1s', maxInterval: '1s', deadline: '3s' } }],
  });
  const status = await queryUntil<OnboardingStatus>(handle, 'onboardingStatus', (s) => s.step === 'DNS_DEADLINE_REACHED', 'the DNS deadline');
  return { handle, status };
}

test('bad decisions exit 2 naming every problem, before anything is sent', async () => {
  const missing = await run(['decide', 'onboard/never.example', 'extend', '--json']);
  expect(missing.code).toBe(2);
  const printed = JSON.parse(missing.out) as { error: string; problems: string[] };
  expect(printed.problems).toEqual([expect.stringContaining('--by'), expect.stringContaining('the duration (extendBy)')]);
  const bad = await run(['decide', 'onboard/never.example', 'extend', 'soon', '--by', 'ops@partner', '--reason', 'x'.repeat(1001)]);
  expect(bad.code).toBe(2);
  expect(bad.err).toContain('the duration (extendBy) must be a duration');
  expect(bad.err).toContain('--reason must be at most 1000 characters');
  expect((await run(['decide', 'onboard/never.example', 'postpone', '--by', 'ops'])).err).toContain('extend <duration> or cancel, not postpone');
  expect((await run(['decide', 'onboard/never.example', 'cancel', '24h', '--by', 'ops'])).err).toContain('cancel takes no duration');
  expect((await run(['decide'])).err).toContain('usage: partnerctl decide');
  // Nothing was sent: no such workflow was ever asked (the server would have said "no longer running", exit 1).
  expect((await t.env.client.workflow.count('WorkflowId = "onboard/never.example"')).count).toBe(0);
});

test('extend waits on until the new deadline (the answer says which); a decision while it waits is refused; cancel ends it without activating', async () => {
  const domain = 'decide.example';
  const { handle, status } = await onboardingPastItsDeadline(domain);

  // 15 s: long enough for a loaded machine to see the wait go on and send the refused decision before the new deadline.
  const extended = await run(['decide', handle.workflowId, 'extend', '15s', '--by', 'ops@partner', '--reason', 'registrar is slow', '--json']);
  expect(extended.code).toBe(0);
  const printed = JSON.parse(extended.out) as { decision: unknown; dns: { state: string; deadline: string } };
  expect(printed.decision).toEqual({ action: 'extend', decidedBy: 'ops@partner', reason: 'registrar is slow', extendBy: '15s' });
  expect(printed.dns.state).toBe('WAITING');
  expect(Date.parse(printed.dns.deadline)).toBeGreaterThan(Date.parse(status.dns!.deadline));
  // The answer's deadline is the one the wait set.
  const waiting = await queryUntil<OnboardingStatus>(handle, 'onboardingStatus', (s) => s.step === 'WAITING_FOR_DNS', 'waiting again');
  expect(waiting.dns!.deadline).toBe(printed.dns.deadline);
  expect(waiting.waitingFor).toContain(`extended until ${printed.dns.deadline}`);

  const refused = await run(['decide', handle.workflowId, 'cancel', '--by', 'ops@partner']);
  expect(refused.code).toBe(1);
  expect(refused.err).toContain('decision refused');
  expect(refused.err).toContain('no decision is needed now');

  await queryUntil<OnboardingStatus>(handle, 'onboardingStatus', (s) => s.step === 'DNS_DEADLINE_REACHED', 'the extended deadline');
  const cancelled = await run(['decide', handle.workflowId, 'cancel', '--by', 'ops@partner', '--reason', 'customer gave up']);
  expect(cancelled).toMatchObject({ code: 0, out: `cancelled ${handle.workflowId} at its DNS deadline` });
  expect(await handle.result()).toMatchObject({ outcome: 'CANCELLED', domain, decision: { action: 'cancel', decidedBy: 'ops@partner', reason: 'customer gave up' } });
  expect((await run(['decide', handle.workflowId, 'cancel', '--by', 'ops@partner'])).err).toContain('no longer running');
});
