// A long DNS wait also continues as new when Temporal suggests it (workflowInfo().continueAsNewSuggested), not only
// after `dnsWait.checksPerRun` checks: on a real dev server whose history threshold for the suggestion is set low
// (limit.historyCount.suggestContinueAsNew), an onboarding allowed 10,000 checks per run still continues every few
// checks, each run ends near the threshold instead of growing, and the wait goes on as one (checks counted on, the
// records found, activated once).
import type { WorkflowHandle } from '@temporalio/client';
import { onboardCustomer, onboardWorkflowId, type OnboardingStatus } from '../../workflows/index.js';
import { startDnsServer, type TestDnsServer } from '../helpers/dns-server.js';
import { journal } from '../helpers/simulator.js';
import { queryUntil, runChain, startLifecycleEnv, stopLifecycleEnv, withWorker, type LifecycleEnv } from './lifecycle-support.js';

/** The server suggests continue-as-new once a run's history has this many events. */
const SUGGEST_AT_EVENTS = 60;

let ctx: LifecycleEnv;
let dns: TestDnsServer;

beforeAll(async () => {
  dns = await startDnsServer();
  ctx = await startLifecycleEnv({ dnsResolver: { servers: [dns.server] } }, { 'limit.historyCount.suggestContinueAsNew': SUGGEST_AT_EVENTS });
});
afterAll(async () => {
  await dns?.close();
  await stopLifecycleEnv(ctx);
});

const runLengths = (handle: WorkflowHandle & { firstExecutionRunId: string }) => runChain(ctx.env.client, handle.workflowId, handle.firstExecutionRunId);

test('the DNS wait continues as new when the server suggests it, long before checksPerRun, and goes on as one wait', async () => {
  const domain = 'suggested.example';
  dns.addZone(domain);
  const dnsWait = { initialInterval: '1s', maxInterval: '1s', grace: '1s', recursiveAfter: '1h', deadline: '10 minutes', checksPerRun: 10_000 };
  const statusWhen = (handle: WorkflowHandle, predicate: (s: OnboardingStatus) => boolean, what: string) => queryUntil<OnboardingStatus>(handle, 'onboardingStatus', predicate, what);
  const dnsOptions = { resolvers: [dns.server], authoritativePort: dns.port, timeoutMs: 2000 };
  const { result, runs, checksBefore } = await withWorker(
    ctx,
    'can-suggested',
    async (taskQueue) => {
      const handle = await ctx.env.client.workflow.start(onboardCustomer, {
        taskQueue,
        workflowId: onboardWorkflowId(domain),
        args: [{ domain, companyName: 'Acme Inc.', phoneNumber: '03-0000-0000', timeZone: 'Asia/Tokyo', locale: 'ja_JP', dnsWait }],
      });
      // Three runs ended by continue-as-new while the records are still missing (about 20 s; bounded generously at
      // 2 minutes for a loaded CI machine, within the test's own 4).
      let runs = await runLengths(handle);
      for (let i = 0; i < 1_200 && runs.filter((r) => r.continued).length < 3; i++) {
        await new Promise((r) => setTimeout(r, 100));
        runs = await runLengths(handle);
      }
      const waiting = await statusWhen(handle, (s) => s.step === 'WAITING_FOR_DNS' && (s.dns?.checks ?? 0) > 0, 'waiting for DNS');
      const txt = waiting.dns!.expected.find((r) => r.type === 'TXT')!;
      dns.addRecord(txt.host, 'TXT', txt.value);
      return { result: await handle.result(), runs, checksBefore: waiting.dns!.checks };
    },
    dnsOptions,
  );
  const continued = runs.filter((r) => r.continued);
  expect(continued.length).toBeGreaterThanOrEqual(3);
  // Each continued run ended once it had reached the suggestion threshold (the next check and its timer at most
  // beyond it), never after 10,000 checks.
  for (const run of continued) {
    expect(run.events).toBeGreaterThanOrEqual(SUGGEST_AT_EVENTS);
    expect(run.events).toBeLessThan(SUGGEST_AT_EVENTS + 30);
  }
  expect(checksBefore).toBeGreaterThanOrEqual(continued.length);
  expect(result).toMatchObject({ outcome: 'ACTIVE', customer: { domain } });
  const operations = (await journal(ctx.simulator)).map((e) => e.operation);
  for (const once of ['createCustomer', 'getUpgradeDomain', 'activateCustomer']) expect(operations.filter((o) => o === once)).toHaveLength(1);
}, 240_000);
