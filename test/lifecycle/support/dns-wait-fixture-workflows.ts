// A workflow around the shared DNS wait (workflows/onboarding/dns-wait.ts) whose deadline notice takes a while, as a
// CRM hand-over can: the window in which a decision can arrive before the wait's loop applies it
// (test/lifecycle/dns-decision-race.test.ts). The notice lasts until the test ends it (finishNotice; at most a minute),
// so that window does not depend on the machine's speed. The records are never seen (the worker's DNS goes to a closed
// port).
import { condition, defineQuery, defineSignal, setHandler } from '@temporalio/workflow';
import { waitForDnsThenActivate, type DnsWaitStatus } from '../../../workflows/onboarding/dns-wait.js';

export { dnsDeadlineDecisionUpdate } from '../../../workflows/onboarding/dns-wait.js';
export const fixtureDnsStatusQuery = defineQuery<DnsWaitStatus | undefined>('fixtureDnsStatus');
export const finishNoticeSignal = defineSignal('finishNotice');

export async function dnsWaitWithSlowDeadlineNotice(): Promise<string> {
  let current: DnsWaitStatus | undefined;
  setHandler(fixtureDnsStatusQuery, () => current);
  let noticeFinished = false;
  setHandler(finishNoticeSignal, () => void (noticeFinished = true));
  const waited = await waitForDnsThenActivate({
    domain: 'race.example',
    expected: [{ type: 'TXT', host: 'race.example', value: 'worksmobile-certification=race', purpose: 'ownership' }],
    settings: { initialInterval: 1_000, maxInterval: 1_000, recursiveAfter: 3_600_000, grace: 1_000, deadline: 2_000 },
    activate: async () => ({ ok: false, reason: 'never activated here' }),
    onDeadline: async () => {
      await condition(() => noticeFinished, '1 minute');
    },
    onChange: (status) => {
      current = { ...status };
    },
  });
  return waited.outcome;
}
