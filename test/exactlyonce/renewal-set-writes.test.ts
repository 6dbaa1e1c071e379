// A set-to-value write (a subscription's renewal setting) takes the same settle-then-re-read path: committed late
// (after the client gave up) or before a dropped connection, its retry waits the settle delay, reads the setting back
// and sends nothing more. Driven attempt by attempt as Temporal retries it (attempts.ts), against the simulator.
import { applyPlannedCall } from '../../activities/subscriptions.js';
import type { PlannedCall } from '../../domain/subscriptions/subscription-plan-types.js';
import { StaticTokenProvider } from '../../partner-api/auth.js';
import { PartnerApiClient } from '../../partner-api/client.js';
import { SIMULATOR_TOKEN } from '../../partner-api/from-config.js';
import { journal, startTestSimulator, type RunningSimulator } from '../helpers/simulator.js';
import { control, seedCustomer, STD_CUSTOMER } from '../subscriptions/support.js';
import { runAttempts } from './attempts.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => sim?.app.close());

test.each([
  ['committed after the client gave up (late commit)', { kind: 'slow', delayMs: 2_500 }],
  ['committed, then the connection dropped', { kind: 'commitThenFail', mode: 'drop' }],
])('patchSubscriptionRenewal %s: one write; the retry reads the setting back after the settle delay', async (name, fault) => {
  const domainId = await seedCustomer(sim, { ...STD_CUSTOMER, domain: `renewal-${name.length}.example` });
  const client = new PartnerApiClient({ baseUrl: sim.baseUrl, tokens: new StaticTokenProvider(SIMULATOR_TOKEN), timeoutMs: 1_000, rateLimits: false });
  const subscription = (await client.listSubscriptions(domainId)).subscriptions!.find((s) => s.productId === 'STD')!;
  const call: PlannedCall = {
    operationId: 'patchSubscriptionRenewal',
    path: { domainId, subscriptionId: subscription.subscriptionId },
    body: { type: 'CANCEL' },
    guard: { kind: 'SET' },
    summary: 'cancel at renewal',
  };
  const before = (await journal(sim)).length;
  await control(sim, 'POST', '/faults/patchSubscriptionRenewal/next', fault);
  const { result, attempts } = await runAttempts(() => applyPlannedCall(client, call, '4s'), async () => (await journal(sim)).length);
  expect(result).toMatchObject({ outcome: 'ALREADY_APPLIED' });
  const entries = (await journal(sim)).slice(before);
  expect(entries.filter((e) => e.operation === 'patchSubscriptionRenewal')).toHaveLength(1);
  // The retry right after the unclear end read nothing; the one after the settle delay read and did not write.
  expect(attempts.map((a) => a.failure?.type)).toEqual([expect.any(String), 'ERR_UNCLEAR_WRITE', undefined]);
  expect((await journal(sim)).slice(attempts[1]!.journalFrom, attempts[1]!.journalTo).filter((e) => e.operation !== 'patchSubscriptionRenewal')).toEqual([]);
});
