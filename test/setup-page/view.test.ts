// What the page says about each record, from a DNS wait status (no servers needed): per authoritative server, in
// plain words, in both languages; and the setup link line partnerctl prints.
import type { DnsCheckResult } from '../../dns/propagation.js';
import type { ExpectedRecord } from '../../domain/onboarding/dns-records.js';
import { setupPageLine } from '../../cli/next-steps.js';
import { pageLang } from '../../setup-page/messages.js';
import { escapeHtml, renderPage } from '../../setup-page/render.js';
import { buildView } from '../../setup-page/view.js';
import type { DnsWaitStatus } from '../../workflows/onboarding/dns-wait.js';

const TXT: ExpectedRecord = { type: 'TXT', host: 'acme.example', value: 'worksmobile-certification=abc', purpose: 'ownership' };
const CNAME: ExpectedRecord = { type: 'CNAME', host: 'lw-1.acme.example', value: 'verify.worksmobile.com', purpose: 'ownership' };
const NS1 = '192.0.2.1';
const NS2 = '192.0.2.2';

function status(records: DnsCheckResult['records'], extra: Partial<DnsWaitStatus> = {}): DnsWaitStatus {
  return {
    state: 'WAITING',
    expected: records.map((r) => r.record),
    checks: 3,
    lastCheckAt: '2026-11-30T10:00:00.000Z',
    nextCheckAt: '2026-11-30T10:04:00.000Z',
    deadline: '2026-12-03T10:00:00.000Z',
    activationAttempts: 0,
    lastCheck: { domain: 'acme.example', checkedAt: '2026-11-30T10:00:00.000Z', authoritativeServers: [NS1, NS2], records, ownershipVisible: false, mailVisible: true, problems: [] },
    ...extra,
  };
}

test('each record per server: found on one and not yet on the other, a CNAME pointing elsewhere, a server that did not answer', () => {
  const dns = status([
    { record: TXT, visible: false, servers: [{ server: NS1, kind: 'authoritative', found: [TXT.value], matches: true }, { server: NS2, kind: 'authoritative', found: [], matches: false }] },
    {
      record: CNAME,
      visible: false,
      servers: [
        { server: NS1, kind: 'authoritative', found: ['verify.example.net'], matches: false },
        { server: NS2, kind: 'authoritative', found: [], matches: false, error: 'ETIMEOUT: queryCname ETIMEOUT' },
        { server: '8.8.8.8', kind: 'recursive', found: ['whatever'], matches: false },
      ],
    },
  ]);
  const en = buildView({ domain: 'acme.example', dns, execution: 'RUNNING' }, 'en');
  expect(en.rows.map((r) => [r.state, r.stateText, r.details])).toEqual([
    ['partial', 'Partly found', [`TXT found on ${NS1}, not yet on ${NS2}`]],
    ['wrong', 'Wrong value', [`On ${NS1} it points at verify.example.net, expected verify.worksmobile.com`, `${NS2} did not answer`]],
  ]);
  expect(en.nameServersText).toBe(`Your domain's name servers are ${NS1}, ${NS2}: publish the records there.`);
  expect(en).toMatchObject({ phase: 'waiting', canCheck: true, checks: 3 });

  const ja = buildView({ domain: 'acme.example', dns, execution: 'RUNNING' }, 'ja');
  expect(ja.rows[0]!.details).toEqual([`${NS1} で TXT を確認、${NS2} ではまだ見つかりません`]);
  expect(ja.rows[1]!.details[0]).toBe(`${NS1} では verify.example.net を指しています (正しくは verify.worksmobile.com)`);
  expect(ja.nameServersText).toBe(`このドメインのネームサーバーは ${NS1}, ${NS2} です。ここにレコードを登録してください。`);
});

test('no name servers found, the grace period, the deadline, and an ended run each read as such', () => {
  const none = status([{ record: TXT, visible: false, servers: [] }]);
  none.lastCheck = { ...none.lastCheck!, authoritativeServers: [], problems: ['no NS records found for acme.example or its parents'] };
  const view = buildView({ domain: 'acme.example', dns: none, execution: 'RUNNING' }, 'en');
  expect(view.nameServersText).toBe("No name servers were found for your domain yet: check that it is registered and delegated.");
  expect(view.problems).toEqual(['no NS records found for acme.example or its parents']);

  const seen = status([{ record: TXT, visible: true, servers: [{ server: NS1, kind: 'authoritative', found: [TXT.value], matches: true }] }], { state: 'GRACE' });
  expect(buildView({ domain: 'acme.example', dns: seen, execution: 'RUNNING' }, 'en')).toMatchObject({ phase: 'seen', canCheck: false, rows: [{ state: 'ok' }] });
  expect(buildView({ domain: 'acme.example', dns: { ...seen, state: 'DEADLINE_REACHED' }, execution: 'RUNNING' }, 'en').phase).toBe('deadline');
  expect(buildView({ domain: 'acme.example', dns: seen, execution: 'TERMINATED' }, 'en').phase).toBe('ended');
  expect(buildView({ domain: 'acme.example', execution: 'RUNNING' }, 'en')).toMatchObject({ phase: 'preparing', rows: [] });
});

test('the customer locale decides the language, else the browser: Japanese or English', () => {
  expect(pageLang('ja_JP', 'en')).toBe('ja');
  expect(pageLang('en_US', 'ja')).toBe('en');
  expect(pageLang('ko_KR', 'ja')).toBe('en');
  expect(pageLang(undefined, 'fr-FR,ja;q=0.8,en;q=0.5')).toBe('ja');
  expect(pageLang(undefined, 'en-GB,ja;q=0.9')).toBe('en');
  expect(pageLang(undefined, undefined)).toBe('en');
});

test('values are escaped in the HTML, and the page has a language, headings and labelled copy buttons', () => {
  const evil: ExpectedRecord = { ...TXT, value: '"><script>alert(1)</script>' };
  const view = buildView({ domain: 'acme.example', dns: status([{ record: evil, visible: false, servers: [] }]), execution: 'RUNNING' }, 'en');
  const html = renderPage(view, { statusUrl: '/s', checkUrl: '/c' }, 'nonce123');
  expect(html).not.toContain('<script>alert(1)</script>');
  expect(html).toContain(escapeHtml(evil.value));
  expect(html).toContain('<html lang="en">');
  expect(html).toMatch(/<h1>DNS setup for acme\.example<\/h1>/);
  expect(html).toContain('aria-label="Copy TXT Value"');
  expect(html).not.toMatch(/<(link|img)\b|src="http|href="http/);
});

test('partnerctl prints the setup link when the status carries one', () => {
  expect(setupPageLine({ setupPage: { url: 'http://127.0.0.1:8093/setup/acme.example/abc.def', expiresAt: '2026-12-10T00:00:00.000Z' } })).toBe(
    "  DNS setup page for the customer's admin (valid until 2026-12-10T00:00:00.000Z):  http://127.0.0.1:8093/setup/acme.example/abc.def",
  );
  expect(setupPageLine({ step: 'WAITING_FOR_DNS' })).toBeUndefined();
});
