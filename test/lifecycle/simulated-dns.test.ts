// The embedded default's DNS (issue #10): the simulator's published records served by the loopback authoritative
// server `npm start` runs, the worker's DNS checks asking it, and `partnerctl sim dns` as the customer's DNS admin.
// A real Temporal dev server and worker, the simulator over HTTP, the DNS server on loopback UDP.
import type { WorkflowHandle } from '@temporalio/client';
import { Resolver } from 'node:dns/promises';
import { main } from '../../cli/partnerctl.js';
import type { AuthoritativeDnsServer } from '../../dns/authoritative-server.js';
import { startSimulatedDns } from '../../scripts/simulated-dns.js';
import { describeDnsWait, missingDnsRecords } from '../../workflows/onboarding/dns-wait.js';
import { onboardCustomer, onboardingStatusQuery, onboardWorkflowId, type OnboardCustomerInput, type OnboardingStatus } from '../../workflows/index.js';
import { journal, type RunningSimulator } from '../helpers/simulator.js';
import { queryUntil, seedCustomer, startLifecycleEnv, stopLifecycleEnv, withWorker, type LifecycleEnv } from './lifecycle-support.js';

let ctx: LifecycleEnv;
let simulator: RunningSimulator;
let dns: AuthoritativeDnsServer;

beforeAll(async () => {
  ctx = await startLifecycleEnv();
  simulator = ctx.simulator;
  dns = await startSimulatedDns(simulator.state, 0);
});

afterAll(async () => {
  await dns?.close();
  await stopLifecycleEnv(ctx);
});

beforeEach(() => simulator.state.reset());

function input(domain: string, extra: Partial<OnboardCustomerInput> = {}): OnboardCustomerInput {
  return { domain, companyName: 'Acme Inc.', phoneNumber: '03-0000-0000', timeZone: 'Asia/Tokyo', locale: 'ja_JP', ...extra };
}

/** partnerctl in-process, its `sim` commands pointed at the test simulator; `err` collects stderr as it comes. */
async function partnerctl(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return partnerctlWith({}, ...args);
}

async function partnerctlWith(
  options: { taskQueue?: string; err?: string[]; interrupt?: AbortSignal },
  ...args: string[]
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err = options.err ?? [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) }, {
    client: ctx.env.client,
    taskQueue: options.taskQueue ?? 'unused',
    simulatorUrl: simulator.url,
    nextSteps: { uiUrl: 'http://localhost:8233', namespace: 'default', simulated: true },
    ...(options.interrupt ? { interrupt: options.interrupt } : {}),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function until(what: string, predicate: () => boolean): Promise<void> {
  for (let i = 0; i < 600 && !predicate(); i++) await new Promise((r) => setTimeout(r, 100));
  if (!predicate()) throw new Error(`never happened: ${what}`);
}

/** A worker whose DNS checks ask the simulated world's name server, as `npm start` sets it up. */
function withDnsWorker<T>(name: string, fn: (taskQueue: string) => Promise<T>): Promise<T> {
  return withWorker(ctx, name, fn, { resolvers: [dns.server], authoritativePort: dns.port, timeoutMs: 2000 });
}

const statusWhen = (handle: WorkflowHandle, predicate: (s: OnboardingStatus) => boolean, what: string) => queryUntil<OnboardingStatus>(handle, 'onboardingStatus', predicate, what);

async function signalsIn(handle: WorkflowHandle): Promise<number> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes).length;
}

test('the loopback server answers from the published records: NS for the zone, then TXT, CNAME and MX', async () => {
  const customer = seedCustomer(simulator, 'zone.example');
  expect((await partnerctl('sim', 'dns', 'publish', 'zone.example')).code).toBe(0);
  const upgrade = simulator.state.upgradeDomains.get(customer.domainId)!;
  const resolver = new Resolver({ timeout: 2000, tries: 1 });
  resolver.setServers([dns.server]);
  expect(await resolver.resolveNs('zone.example')).toEqual(['ns1.zone.example']);
  expect(await resolver.resolve4('ns1.zone.example')).toEqual(['127.0.0.1']);
  expect((await resolver.resolveTxt('zone.example')).map((chunks) => chunks.join(''))).toEqual([upgrade.txtToken]);
  expect(await resolver.resolveCname(upgrade.cnameHost!)).toEqual(['verify.worksmobile.com']);
  expect((await resolver.resolveMx('zone.example')).sort((a, b) => a.priority - b.priority)).toEqual([
    { priority: 10, exchange: 'mx1.worksmobile.com' },
    { priority: 20, exchange: 'mx2.worksmobile.com' },
  ]);
  // Withdrawn: the zone stays (its name server answers) but the records are gone.
  expect((await partnerctl('sim', 'dns', 'withdraw', 'zone.example')).code).toBe(0);
  await expect(resolver.resolveTxt('zone.example')).rejects.toMatchObject({ code: 'ENODATA' });
  await expect(resolver.resolveTxt('elsewhere.example')).rejects.toMatchObject({ code: 'ENOTFOUND' });
});

test('records published after some checks lead to activation by themselves, without a signal', async () => {
  const domain = 'acme-corp.example';
  await withDnsWorker('sim-dns', async (taskQueue) => {
    const handle = await ctx.env.client.workflow.start(onboardCustomer, {
      taskQueue,
      workflowId: onboardWorkflowId(domain),
      args: [input(domain, { dnsWait: { initialInterval: '1s', maxInterval: '2s', grace: '1s', recursiveAfter: '1h', deadline: '10 minutes' } })],
    });
    const waiting = await statusWhen(handle, (s) => (s.dns?.checks ?? 0) >= 2, 'two DNS checks');
    expect(waiting.step).toBe('WAITING_FOR_DNS');
    expect(waiting.dns!.lastCheck!.authoritativeServers).toEqual([dns.server]);
    expect(missingDnsRecords(waiting.dns!.lastCheck)).toEqual([expect.stringMatching(/^TXT acme-corp\.example worksmobile-certification=\w+ or CNAME lw-\w+\.acme-corp\.example verify\.worksmobile\.com$/)]);

    const published = await partnerctl('sim', 'dns', 'publish', domain);
    expect(published).toMatchObject({ code: 0, out: expect.stringContaining(`TXT    ${domain}`) });
    expect(published.out).toContain(`signal onboard/${domain} recheckDns`);

    expect(await handle.result()).toMatchObject({ outcome: 'ACTIVE', customer: { domain, domainType: 'DOMAIN', enableActiveDomain: true } });
    expect(await signalsIn(handle)).toBe(0);
  });
  // LINE WORKS (the simulator) saw the same records: activation succeeded at the first attempt.
  expect((await journal(simulator)).filter((e) => e.operation === 'activateCustomer').map((e) => e.status)).toEqual([200]);
});

test('partial or wrong records keep it waiting and the status names what is missing; recheckDns then activates at once', async () => {
  const domain = 'partial.example';
  await withDnsWorker('sim-dns-partial', async (taskQueue) => {
    // One check at start, the next only in an hour: every later check here is the recheckDns signal's.
    const handle = await ctx.env.client.workflow.start(onboardCustomer, {
      taskQueue,
      workflowId: onboardWorkflowId(domain),
      args: [input(domain, { useMail: true, dnsWait: { initialInterval: '1h', maxInterval: '1h', grace: '1s', recursiveAfter: '2h', deadline: '10h' } })],
    });
    await statusWhen(handle, (s) => (s.dns?.checks ?? 0) >= 1, 'the first DNS check');

    expect((await partnerctl('sim', 'dns', 'publish', domain, '--only', 'TXT', '--wrong', 'MX')).code).toBe(0);
    await handle.signal('recheckDns');
    const partial = await statusWhen(handle, (s) => (s.dns?.checks ?? 0) >= 2, 'the second DNS check');
    expect(partial.step).toBe('WAITING_FOR_DNS');
    expect(partial.dns!.lastCheck!.ownershipVisible).toBe(true);
    expect(partial.dns!.lastCheck!.mailVisible).toBe(false);
    expect(missingDnsRecords(partial.dns!.lastCheck)).toEqual([
      `MX ${domain} 10 mx1.worksmobile.com (found 10 typo-mx1.worksmobile.com, 20 typo-mx2.worksmobile.com)`,
      `MX ${domain} 20 mx2.worksmobile.com (found 10 typo-mx1.worksmobile.com, 20 typo-mx2.worksmobile.com)`,
    ]);
    expect(describeDnsWait(partial.dns!, Date.now())).toContain(`missing: MX ${domain} 10 mx1.worksmobile.com`);
    // The same words in the Web UI's current details and in `partnerctl status`.
    const shown = await partnerctl('status', onboardWorkflowId(domain));
    expect(shown.out).toContain('WAITING_FOR_DNS');

    expect((await partnerctl('sim', 'dns', 'publish', domain)).code).toBe(0);
    await handle.signal('recheckDns');
    expect(await handle.result()).toMatchObject({ outcome: 'ACTIVE', customer: { domain } });
    expect((await handle.query(onboardingStatusQuery)).dns!.checks).toBe(3);
  });
});

test('sim dns refuses a domain nothing was handed out for, and bad record types, naming them', async () => {
  const unknown = await partnerctl('sim', 'dns', 'publish', 'nobody.example');
  expect(unknown.code).toBe(1);
  expect(unknown.err).toContain('no DNS records were handed out for nobody.example');
  const bad = await partnerctl('sim', 'dns', 'publish', 'nobody.example', '--only', 'AAAA');
  expect(bad.code).toBe(2);
  expect(bad.err).toContain('--only AAAA must list record types among TXT, CNAME, MX');
});

const FAST_DATA = (domain: string) =>
  JSON.stringify({ ...input(domain), dnsWait: { initialInterval: '1s', maxInterval: '2s', grace: '1s', recursiveAfter: '1h', deadline: '10 minutes' } });

test('start --wait follows the run: a line per step with the elapsed time, the records to publish, what is missing, the outcome', async () => {
  const domain = 'follow.example';
  await withDnsWorker('sim-dns-follow', async (taskQueue) => {
    const err: string[] = [];
    const following = partnerctlWith({ taskQueue, err }, 'start', 'onboardCustomer', '--data', FAST_DATA(domain), '--wait');
    await until('the DNS hint', () => err.some((line) => line.includes('sim dns publish')));
    await until('a check that names the missing record', () => err.some((line) => line.includes('missing TXT')));
    expect((await partnerctl('sim', 'dns', 'publish', domain)).code).toBe(0);
    const { code, out } = await following;
    expect(code).toBe(0);
    expect(out).toContain('outcome: ACTIVE');
    const stepLines = err.filter((line) => /^\[\d+s\] onboard\/follow\.example: [A-Z_]+/.test(line) && !line.includes('missing')).map((line) => line.replace(/^\[\d+s\] /, ''));
    // One line per change of step (or of the DNS wait's phase), never the same twice.
    expect(stepLines).toEqual([...new Set(stepLines)]);
    expect(stepLines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^onboard\/follow\.example: WAITING_FOR_DNS \(waiting for the customer to publish/),
        'onboard/follow.example: WAITING_FOR_DNS (DNS GRACE: the records are on every authoritative server; activation follows after the grace period)',
      ]),
    );
    expect(err).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ {4}TXT +follow\.example +worksmobile-certification=\w+$/),
        `  In the simulated world, publish them as the DNS admin would:  npm run partnerctl -- sim dns publish ${domain}`,
        `  The run checks again by itself; to check at once:  npm run partnerctl -- signal onboard/${domain} recheckDns`,
        `onboard/${domain} finished: ACTIVE`,
        `  history in the Web UI: http://localhost:8233/namespaces/default/workflows/onboard%2F${domain}`,
      ]),
    );
  });
});

test('interrupting start --wait stops following and leaves the workflow running', async () => {
  const domain = 'interrupted.example';
  await withDnsWorker('sim-dns-interrupt', async (taskQueue) => {
    const err: string[] = [];
    const interrupt = new AbortController();
    const following = partnerctlWith({ taskQueue, err, interrupt: interrupt.signal }, 'start', 'onboardCustomer', '--data', FAST_DATA(domain), '--wait');
    await until('the run waits for DNS', () => err.some((line) => line.includes('WAITING_FOR_DNS')));
    interrupt.abort();
    const { code, out } = await following;
    expect(code).toBe(0);
    expect(out).toBe(`stopped following onboard/${domain}; the workflow goes on (partnerctl status onboard/${domain})`);
    const handle = ctx.env.client.workflow.getHandle(onboardWorkflowId(domain));
    expect((await handle.describe()).status.name).toBe('RUNNING');
    expect(await signalsIn(handle)).toBe(0);
    await handle.terminate('test over');
  });
});
