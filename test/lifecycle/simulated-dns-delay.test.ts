// Per-server DNS propagation on `npm start`'s embedded DNS (issue #16 point 8): each simulated authoritative server
// is a name server of its own on loopback answering with what is visible on it, so the worker's DNS wait sees a
// record on one server and not yet on the other, then activates by itself once the slower server has it.
// A real Temporal dev server and worker, the simulator over HTTP (its clock passes the delay), the DNS server on UDP.
import type { WorkflowHandle } from '@temporalio/client';
import { Resolver } from 'node:dns/promises';
import { missingDnsRecords } from '../../workflows/onboarding/dns-wait.js';
import { onboardCustomer, onboardWorkflowId, type OnboardingStatus } from '../../workflows/index.js';
import { journal } from '../helpers/simulator.js';
import { queryUntil, seedCustomer, simulatedDnsEnvForSuite, withWorker } from './lifecycle-support.js';

const ctx = simulatedDnsEnvForSuite();

beforeEach(() => ctx.simulator.state.reset());

async function control(method: string, path: string, body?: unknown): Promise<Response> {
  const response = await fetch(`${ctx.simulator.url}/_simulator${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response;
}

const HOUR = 3_600_000;

async function twoServersSecondAnHourLate(): Promise<void> {
  await control('PUT', '/dns-servers/ns1', { delayMs: 0 });
  await control('PUT', '/dns-servers/ns2', { delayMs: HOUR });
}

const at = (address: string) => `${address}:${ctx.dns.port}`;

test('without simulated servers there is one name server, as before', async () => {
  seedCustomer(ctx.simulator, 'single.example');
  const resolver = new Resolver({ timeout: 2000, tries: 1 });
  resolver.setServers([ctx.dns.server]);
  expect(await resolver.resolveNs('single.example')).toEqual(['ns1.single.example']);
  expect(await resolver.resolve4('ns1.single.example')).toEqual(['127.0.0.1']);
});

test('each simulated server is a name server answering with what is visible on it now', async () => {
  const customer = seedCustomer(ctx.simulator, 'split.example');
  await twoServersSecondAnHourLate();
  await control('POST', '/dns/split.example/publish', {});
  const token = ctx.simulator.state.upgradeDomains.get(customer.domainId)!.txtToken;
  const resolver = new Resolver({ timeout: 2000, tries: 1 });
  resolver.setServers([ctx.dns.server]);
  expect((await resolver.resolveNs('split.example')).sort()).toEqual(['ns1.split.example', 'ns2.split.example']);
  expect(await resolver.resolve4('ns1.split.example')).toEqual(['127.0.0.2']);
  expect(await resolver.resolve4('ns2.split.example')).toEqual(['127.0.0.3']);
  const ask = (address: string) => {
    const r = new Resolver({ timeout: 2000, tries: 1 });
    r.setServers([at(address)]);
    return r.resolveTxt('split.example');
  };
  expect((await ask('127.0.0.2')).map((chunks) => chunks.join(''))).toEqual([token]);
  await expect(ask('127.0.0.3')).rejects.toMatchObject({ code: 'ENODATA' });
  await control('POST', '/clock/advance', { hours: 1, seconds: 1 });
  expect((await ask('127.0.0.3')).map((chunks) => chunks.join(''))).toEqual([token]);
});

test("the onboarding's DNS status shows the record on one server and not yet on the other, then it activates by itself", async () => {
  const domain = 'late.example';
  await twoServersSecondAnHourLate();
  await withWorker(
    ctx,
    'sim-dns-delay',
    async (taskQueue) => {
      const handle: WorkflowHandle = await ctx.env.client.workflow.start(onboardCustomer, {
        taskQueue,
        workflowId: onboardWorkflowId(domain),
        args: [
          {
            domain,
            companyName: 'Late Inc.',
            phoneNumber: '03-0000-0000',
            timeZone: 'Asia/Tokyo',
            locale: 'ja_JP',
            dnsWait: { initialInterval: '1s', maxInterval: '2s', grace: '1s', recursiveAfter: '1h', deadline: '10 minutes' },
          },
        ],
      });
      await queryUntil<OnboardingStatus>(handle, 'onboardingStatus', (s) => (s.dns?.checks ?? 0) >= 1, 'a first DNS check');
      await control('POST', `/dns/${domain}/publish`, {});

      const partial = await queryUntil<OnboardingStatus>(
        handle,
        'onboardingStatus',
        (s) => s.dns?.lastCheck?.records.some((r) => r.record.type === 'TXT' && r.servers.some((o) => o.matches)) ?? false,
        'a check that finds the TXT record on one server',
      );
      expect(partial.step).toBe('WAITING_FOR_DNS');
      const check = partial.dns!.lastCheck!;
      expect(check.authoritativeServers).toEqual([at('127.0.0.2'), at('127.0.0.3')]);
      expect(check.ownershipVisible).toBe(false);
      const txt = check.records.find((r) => r.record.type === 'TXT')!;
      expect(txt.visible).toBe(false);
      expect(txt.servers.filter((o) => o.kind === 'authoritative').map((o) => ({ server: o.server, matches: o.matches }))).toEqual([
        { server: at('127.0.0.2'), matches: true },
        { server: at('127.0.0.3'), matches: false },
      ]);
      // The words people see (Web UI details, partnerctl) name the server that does not have it yet.
      expect(missingDnsRecords(check)).toEqual([expect.stringMatching(new RegExp(`^TXT late\\.example \\S+ \\(not yet on 127\\.0\\.0\\.3:${ctx.dns.port}\\) or CNAME `))]);

      // The slower server gets the records once the simulator's clock has passed its delay; the wait sees it by itself.
      await control('POST', '/clock/advance', { hours: 1, seconds: 1 });
      expect(await handle.result()).toMatchObject({ outcome: 'ACTIVE', customer: { domain, enableActiveDomain: true } });
    },
    { resolvers: [ctx.dns.server], authoritativePort: ctx.dns.port, timeoutMs: 2000 },
  );
  // LINE WORKS' own check saw the records on every server: activation succeeded at the first attempt.
  expect((await journal(ctx.simulator)).filter((e) => e.operation === 'activateCustomer').map((e) => e.status)).toEqual([200]);
});
