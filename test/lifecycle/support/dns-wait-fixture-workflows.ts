// A workflow around the shared DNS wait (workflows/onboarding/dns-wait.ts) whose deadline notice takes a few seconds,
// as a CRM hand-over can: the window in which a decision can arrive before the wait's loop applies it
// (test/lifecycle/dns-decision-race.test.ts). The records are never seen (the worker's DNS goes to a closed port).
import { defineQuery, setHandler, sleep } from '@temporalio/workflow';
import { waitForDnsThenActivate, type DnsWaitStatus } from '../../../workflows/onboarding/dns-wait.js';

export { dnsDeadlineDecisionUpdate } from '../../../workflows/onboarding/dns-wait.js';
export const fixtureDnsStatusQuery = defineQuery<DnsWaitStatus | undefined>('fixtureDnsStatus');

export async function dnsWaitWithSlowDeadlineNotice(): Promise<string> {
  let current: DnsWaitStatus | undefined;
  setHandler(fixtureDnsStatusQuery, () => current);
  const waited = await waitForDnsThenActivate({
    domain: 'race.example',
    expected: [{ type: 'TXT', host: 'race.example', value: 'worksmobile-certification=race', purpose: 'ownership' }],
    settings: { initialInterval: 1_000, maxInterval: 1_000, recursiveAfter: 3_600_000, grace: 1_000, deadline: 2_000 },
    activate: async () => ({ ok: false, reason: 'never activated here' }),
    onDeadline: async () => {
      await sleep('4s');
    },
    onChange: (status) => {
      current = { ...status };
    },
  });
  return waited.outcome;
}
