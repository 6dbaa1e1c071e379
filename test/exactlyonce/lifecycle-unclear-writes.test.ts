// Every lifecycle write takes the settle-then-re-read path after an unclear end (activities/unclear-write.ts): a
// create, a delete and a user-cap patch that the simulator commits and then answers 500, commits and drops the
// connection, or commits only after our client timed out (late commit). Each activity is driven through its attempts
// as Temporal retries them (attempts.ts): the first retry comes at once, as after a worker crash; it must read
// nothing, and the read that follows the settle delay must come after the commit in the journal: exactly one write.
import { createCustomerActivities } from '../../activities/customers.js';
import { createLifecycleActivities } from '../../activities/lifecycle.js';
import type { GuardedWriteHeartbeat } from '../../activities/unclear-write.js';
import { StaticTokenProvider } from '../../partner-api/auth.js';
import { PartnerApiClient } from '../../partner-api/client.js';
import { SIMULATOR_TOKEN } from '../../partner-api/from-config.js';
import { journal, startTestSimulator, type RunningSimulator } from '../helpers/simulator.js';
import { queueFault, seedCustomer } from '../lifecycle/lifecycle-support.js';
import { runAttempts } from './attempts.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => sim?.app.close());

// The client gives up after 1 s; a late commit lands after 2.5 s; the settle delay (4 s) outlasts it, as the
// production 2 minutes outlast LINE WORKS' late commits.
const SETTLE = '4s';
function activities() {
  const client = new PartnerApiClient({ baseUrl: sim.baseUrl, tokens: new StaticTokenProvider(SIMULATOR_TOKEN), timeoutMs: 1_000, rateLimits: false });
  return { ...createCustomerActivities({ client, unclearWriteSettle: SETTLE }), ...createLifecycleActivities({ client, unclearWriteSettle: SETTLE }) };
}

const FAULTS = {
  'commit then 500': { kind: 'commitThenFail', mode: 'error' },
  'commit then dropped connection': { kind: 'commitThenFail', mode: 'drop' },
  'late commit after the client timed out': { kind: 'slow', delayMs: 2_500 },
} as const;

const WRITES: Record<string, { operation: string; run: (label: string) => () => Promise<unknown> }> = {
  'createCustomer (ensureCustomer)': {
    operation: 'createCustomer',
    run: (label) => {
      const domain = `${label}.by-works.com`; // a group name: at most 22 characters
      return () => activities().ensureCustomer({ domain, companyName: 'Acme Inc.', phoneNumber: '03-0000-0000', timeZone: 'Asia/Tokyo', locale: 'ja_JP' });
    },
  },
  'deleteCustomer (deleteCustomerOnce)': {
    operation: 'deleteCustomer',
    run: (label) => {
      const { domainId } = seedCustomer(sim, `del-${label}.example.com`);
      return () => activities().deleteCustomerOnce(domainId);
    },
  },
  'patchUsageStatus (applyUserCap SET_NOW)': {
    operation: 'patchUsageStatus',
    run: (label) => {
      const { domainId } = seedCustomer(sim, `cap-${label}.example.com`);
      return () => activities().applyUserCap(domainId, { action: 'SET_NOW', maxMemberCount: 40, confirmDeletesScheduledChange: false });
    },
  },
};

const cases = Object.entries(WRITES).flatMap(([write, spec]) => Object.entries(FAULTS).map(([fault, f], i) => [write, fault, spec, f, i] as const));

test.each(cases)('%s, %s: one write, and the re-read only after the settle delay', async (_write, _fault, spec, fault, i) => {
  const activity = spec.run(`${spec.operation.slice(0, 6).toLowerCase()}${i}`);
  const before = (await journal(sim)).length;
  await queueFault(sim, spec.operation, fault);
  const { attempts } = await runAttempts(activity, async () => (await journal(sim)).length);
  const entries = (await journal(sim)).slice(before);
  const writes = entries.filter((e) => e.operation === spec.operation);
  expect(writes).toHaveLength(1);

  // Attempt 1 recorded "write sent" before it sent, and failed asking for the settle delay.
  const [first, second, third] = attempts;
  expect((first!.heartbeats[0] as GuardedWriteHeartbeat).writeSentAt).toEqual(expect.any(Number));
  expect(first!.failure?.nextRetryDelay).toBe(SETTLE);
  // Attempt 2 came at once (as after a crash): it read nothing and asked for what is left of the delay.
  expect(second!.failure?.type).toBe('ERR_UNCLEAR_WRITE');
  expect((await journal(sim)).slice(second!.journalFrom, second!.journalTo).filter((e) => e.operation !== spec.operation)).toEqual([]);
  // Attempt 3 read only once the commit was in the journal, and succeeded without writing again.
  const all = await journal(sim);
  const commitIndex = all.findIndex((e, index) => index >= before && e.operation === spec.operation);
  expect(commitIndex).toBeGreaterThanOrEqual(before);
  expect(commitIndex).toBeLessThan(third!.journalFrom);
  expect(third!.failure).toBeUndefined();
  expect(attempts).toHaveLength(3);
});
