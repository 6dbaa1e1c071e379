// The DNS setup page on the real parts: a Temporal dev server and worker, the simulator over HTTP, the simulated
// world's DNS server on loopback (as `npm start` runs them), and the page server over HTTP. The page reads only the
// workflow's status query; "check now" is the recheckDns signal; refused links show nothing about any customer.
import type { WorkflowHandleWithFirstExecutionRunId as WorkflowHandle } from '@temporalio/client';
import type { SetupPageServer } from '../../setup-page/app.js';
import type { SetupView } from '../../setup-page/view.js';
import { signSetupLink } from '../../setup-link/signed-link.js';
import { changeDomainStatusQuery, changeDomainWorkflowId, changeGroupToDomain, onboardingStatusQuery } from '../../workflows/index.js';
import { simulatedDnsEnvForSuite } from '../lifecycle/lifecycle-support.js';
import { HOUR_MS, linkFor, partnerctl, SECRET, sim, startPageServer, startWaitingOnboarding, until, withDnsWorker } from './support.js';

const suite = simulatedDnsEnvForSuite();
let server: SetupPageServer;
beforeAll(async () => {
  server = await startPageServer(suite);
});
afterAll(async () => {
  await server?.stop();
});

const json = async (url: string, init: RequestInit = {}) => {
  const response = await fetch(url, { ...init, headers: { accept: 'application/json', 'accept-language': 'en', ...init.headers } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};
const statusOf = async (link: string) => (await json(`${link}/status`)).body as unknown as SetupView;
const rowStates = (view: SetupView) => view.rows.map((r) => `${r.type}${r.priority ?? ''}:${r.state}`);

async function waitingFor(handle: WorkflowHandle, checks: number) {
  await until(`${checks} DNS checks`, () => handle.query(onboardingStatusQuery), (s) => (s.dns?.checks ?? 0) >= checks);
}

test('the page lists the records, missing per server; check now checks at once; one record turns its row green; activation shows "activated"', async () => {
  const domain = 'page.example';
  await withDnsWorker(suite, 'setup-page', async (taskQueue) => {
    const handle = await startWaitingOnboarding(suite, taskQueue, domain, { locale: 'en_US' });
    await waitingFor(handle, 1);
    const link = linkFor(server, handle, domain);
    const upgrade = (await handle.query(onboardingStatusQuery)).dns!.expected;

    // The page (English: the status carries the customer's locale, en_US): every record with its host and value, and
    // what the authoritative server (the loopback one) answers for each.
    const page = await fetch(link, { headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'nonce-");
    const html = await page.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('DNS setup for page.example');
    for (const record of upgrade) {
      expect(html).toContain(record.value);
      expect(html).toContain(`data-copy="${record.host}"`);
    }
    expect(html).toContain(`TXT not found yet on ${suite.dns.server}`);
    expect(html).toContain(`Your domain&#39;s name servers are ${suite.dns.server}: publish the records there.`);
    expect(html).toContain('<button type="submit" class="primary">Check now</button>');

    const first = await statusOf(link);
    expect(first).toMatchObject({ domain, phase: 'waiting', checks: 1, canCheck: true, deadline: expect.any(String), nextCheckAt: expect.any(String) });
    expect(rowStates(first)).toEqual(['TXT:missing', 'CNAME:missing', 'MX10:missing', 'MX20:missing']);
    expect(first.rows[0]!.details).toEqual([`TXT not found yet on ${suite.dns.server}`]);

    // The customer's locale decides, not the browser's (a ja_JP customer's page is Japanese: browser.test.ts).
    const ja = await (await fetch(link, { headers: { 'accept-language': 'ja,en;q=0.5' } })).text();
    expect(ja).toContain('<html lang="en">');

    // Check now: the next check is an hour away, so a new check at once can only be the button's signal.
    const pressed = await json(`${link}/check`, { method: 'POST' });
    expect(pressed).toEqual({ status: 202, body: { message: 'Checking now. The result appears here in a moment.' } });
    await until('the check now check', () => statusOf(link), (v) => v.checks === 2);
    // Pressed again at once: refused, in plain words, nothing sent.
    const again = await json(`${link}/check`, { method: 'POST' });
    expect(again.status).toBe(429);
    expect(again.body.message).toMatch(/^Please wait \d+ seconds before checking again\.$/);
    const withoutScript = await fetch(`${link}/check`, { method: 'POST', headers: { 'accept-language': 'en' }, redirect: 'manual' });
    expect(withoutScript.status).toBe(429);
    expect(await withoutScript.text()).toMatch(/Please wait \d+ seconds before checking again\./);

    // The admin publishes the TXT record only; at the next check its row is green, the CNAME no longer needed, the MX
    // records still missing.
    await sim(suite, 'dns', 'publish', domain, '--only', 'TXT');
    await handle.signal('recheckDns');
    const txt = await until('the TXT row turns green', () => statusOf(link), (v) => v.checks === 3);
    expect(rowStates(txt)).toEqual(['TXT:ok', 'CNAME:optional', 'MX10:missing', 'MX20:missing']);
    expect(txt.rows[0]!.details).toEqual([`TXT found on ${suite.dns.server}`]);
    expect(txt.phase).toBe('waiting');
    expect(await (await fetch(link, { headers: { 'accept-language': 'en' } })).text()).toMatch(/<tr class="ok" data-type="TXT">/);

    // Everything published: the workflow sees it, activates, and the page says so.
    await sim(suite, 'dns', 'publish', domain);
    await handle.signal('recheckDns');
    expect(await handle.result()).toMatchObject({ outcome: 'ACTIVE' });
    const done = await statusOf(link);
    expect(done).toMatchObject({ phase: 'activated', canCheck: false, phaseText: 'Activated: your domain is ready.' });
    expect(rowStates(done).filter((s) => s.startsWith('MX'))).toEqual(['MX10:ok', 'MX20:ok']);
    expect(await (await fetch(link, { headers: { 'accept-language': 'en' } })).text()).toContain('Activated: your domain is ready.');
    // Nothing left to check: the button is gone and a press is refused without a signal.
    expect((await json(`${link}/check`, { method: 'POST' })).status).toBe(409);
  });
});

test('unsigned, expired, tampered, other-domain and other-run links show the same neutral page and no data', async () => {
  const domain = 'refused.example';
  await withDnsWorker(suite, 'setup-page-refused', async (taskQueue) => {
    const handle = await startWaitingOnboarding(suite, taskQueue, domain);
    await waitingFor(handle, 1);
    const expected = (await handle.query(onboardingStatusQuery)).dns!.expected;
    const good = linkFor(server, handle, domain);
    expect((await fetch(good)).status).toBe(200);

    const token = good.split('/').at(-1)!;
    const [payload, signature] = token.split('.') as [string, string];
    const otherDomainToken = signSetupLink({ domain: 'other.example', workflowId: handle.workflowId, firstRunId: handle.firstExecutionRunId, expiresAt: Date.now() + HOUR_MS }, SECRET);
    const refused: Array<[string, string, number]> = [
      ['unsigned', `${server.url}/setup/${domain}/`, 404],
      ['garbled', `${server.url}/setup/${domain}/not-a-token`, 404],
      ['expired', linkFor(server, handle, domain, { expiresAt: Date.now() - 1_000 }), 403],
      ['tampered', `${server.url}/setup/${domain}/${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`, 403],
      ['another secret', `${server.url}/setup/${domain}/${signSetupLink({ domain, workflowId: handle.workflowId, firstRunId: handle.firstExecutionRunId, expiresAt: Date.now() + HOUR_MS }, 'x'.repeat(40))}`, 403],
      ['this token under another domain', `${server.url}/setup/other.example/${token}`, 403],
      ['another domain\'s token under this domain', `${server.url}/setup/${domain}/${otherDomainToken}`, 403],
      ['another run of the workflow', linkFor(server, handle, domain, { firstRunId: 'a-different-run-id' }), 403],
      ['another path', `${server.url}/anything`, 404],
    ];
    const neutral = await (await fetch(`${server.url}/setup/${domain}/x`, { headers: { 'accept-language': 'en' } })).text();
    expect(neutral).toContain('This link is not valid. Please ask your partner for a new link.');
    for (const [what, url, code] of refused) {
      for (const suffix of ['', '/status']) {
        const response = await fetch(`${url}${suffix}`, { headers: { 'accept-language': 'en' } });
        const body = await response.text();
        expect([what + suffix, response.status]).toEqual([what + suffix, code]);
        expect([what + suffix, body]).toEqual([what + suffix, neutral]);
        for (const secretish of [domain, ...expected.map((r) => r.value)]) expect(body).not.toContain(secretish);
      }
      const check = await fetch(`${url}/check`, { method: 'POST', headers: { accept: 'application/json' } });
      expect([what, check.status]).toEqual([what, code]);
    }
    // No refused "check now" reached the workflow.
    expect((await handle.query(onboardingStatusQuery)).dns!.checks).toBe(1);
    await handle.terminate('test over');
  });
});

test('the link keeps working after the DNS wait continues as new: it is bound to the first run of the chain', async () => {
  const domain = 'continued.example';
  await withDnsWorker(suite, 'setup-page-continued', async (taskQueue) => {
    const handle = await startWaitingOnboarding(suite, taskQueue, domain, { dnsWait: { initialInterval: '1h', maxInterval: '1h', grace: '1s', recursiveAfter: '2h', deadline: '10h', checksPerRun: 2 } });
    await waitingFor(handle, 1);
    const link = linkFor(server, handle, domain);
    // Two checks per run: after the second, the next wake-up continues the wait in a new run of the same workflow ID,
    // which starts with a check.
    // Pressed without script: a plain form post, answered with a redirect back to the page (relative, so it works
    // behind a proxy's path prefix too).
    const form = await fetch(`${link}/check`, { method: 'POST', redirect: 'manual' });
    expect(form.status).toBe(303);
    expect(new URL(form.headers.get('location')!, `${link}/check`).href).toBe(link);
    await until('the second check', () => statusOf(link), (v) => v.checks === 2);
    await handle.signal('recheckDns');
    const latest = suite.env.client.workflow.getHandle(handle.workflowId);
    await until('a new run', () => latest.describe(), (d) => d.runId !== handle.firstExecutionRunId && d.status.name === 'RUNNING');
    const view = await until('the new run answers', () => json(`${link}/status`), (r) => r.status === 200 && (r.body as unknown as SetupView).checks >= 3);
    expect(view.body).toMatchObject({ domain, phase: 'waiting', canCheck: true });
    expect(rowStates(view.body as unknown as SetupView)).toEqual(['TXT:missing', 'CNAME:missing', 'MX10:missing', 'MX20:missing']);
    await latest.terminate('test over');
  });
});

test('the link the run hands out: start --wait prints it, it opens the page, publish + check now take the page to green and the run to ACTIVE, status prints it', async () => {
  const domain = 'handed-out.example';
  await withDnsWorker(
    suite,
    'setup-page-handed-out',
    async (taskQueue) => {
      const data = JSON.stringify({
        domain,
        companyName: 'Acme Inc.',
        phoneNumber: '03-0000-0000',
        timeZone: 'Asia/Tokyo',
        locale: 'en_US',
        dnsWait: { initialInterval: '1h', maxInterval: '1h', grace: '1s', recursiveAfter: '2h', deadline: '10h' },
      });
      const err: string[] = [];
      const following = partnerctl(suite, { taskQueue, err }, 'start', 'onboardCustomer', '--data', data, '--wait');
      const line = await until('the setup link line', async () => err.find((l) => l.includes('DNS setup page')), (l) => l !== undefined);
      const url = /(http:\/\/\S+)$/.exec(line!)![1]!;
      expect(url.startsWith(`${server.url}/setup/${domain}/`)).toBe(true);

      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(`DNS setup for ${domain}`);
      await sim(suite, 'dns', 'publish', domain);
      expect((await json(`${url}/check`, { method: 'POST' })).status).toBe(202);
      const { code, out } = await following;
      expect(code).toBe(0);
      expect(out).toContain('outcome: ACTIVE');
      const done = (await json(`${url}/status`)).body as unknown as SetupView;
      expect(done).toMatchObject({ phase: 'activated', rows: [{ type: 'TXT', state: 'ok' }, { type: 'CNAME', state: 'ok' }] });

      const status = await partnerctl(suite, {}, 'status', `onboard/${domain}`);
      expect(status.out).toContain(`DNS setup page for the customer's admin (valid until `);
      expect(status.out).toContain(url);
    },
    server,
  );
});

test('a group-name-to-domain change has the same page, from its own status query, for its new domain', async () => {
  const customer = suite.simulator.state.addCustomer({ domain: 'pagegroup', companyName: 'Group Co.', phoneNumber: '03-0000-0000', timeZone: 'Asia/Tokyo', locale: 'en_US' });
  const domain = 'moving.example';
  await withDnsWorker(
    suite,
    'setup-page-change-domain',
    async (taskQueue) => {
      const handle = await suite.env.client.workflow.start(changeGroupToDomain, {
        taskQueue,
        workflowId: changeDomainWorkflowId(customer.domainId),
        args: [{ domainId: customer.domainId, domain, dnsWait: { initialInterval: '1h', maxInterval: '1h', grace: '1s', recursiveAfter: '2h', deadline: '10h' } }],
      });
      const status = await until('the link', () => handle.query(changeDomainStatusQuery), (s) => s.setupPage !== undefined && (s.dns?.checks ?? 0) >= 1);
      const link = status.setupPage!.url;
      expect(link.startsWith(`${server.url}/setup/${domain}/`)).toBe(true);
      const view = await statusOf(link);
      expect(view).toMatchObject({ domain, phase: 'waiting', lang: 'en' });
      expect(rowStates(view)).toEqual(['TXT:missing', 'CNAME:missing']);
      // The same token under the group name (the old domain) opens nothing.
      expect((await fetch(link.replace(`/setup/${domain}/`, '/setup/pagegroup/'))).status).toBe(403);

      await sim(suite, 'dns', 'publish', domain, '--only', 'CNAME');
      expect((await json(`${link}/check`, { method: 'POST' })).status).toBe(202);
      expect(await handle.result()).toMatchObject({ outcome: 'CHANGED' });
      expect(rowStates(await statusOf(link))).toEqual(['TXT:optional', 'CNAME:ok']);
      expect((await statusOf(link)).phase).toBe('activated');
    },
    server,
  );
});
