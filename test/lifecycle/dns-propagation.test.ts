// The DNS propagation check against a real DNS server on loopback.
import { checkRecords, findAuthoritativeServers } from '../../dns/propagation.js';
import { expectedRecords, qualify } from '../../domain/onboarding/dns-records.js';
import { startDnsServer, type TestDnsServer } from '../helpers/dns-server.js';

let dns: TestDnsServer;
beforeAll(async () => {
  dns = await startDnsServer();
});
afterAll(async () => {
  await dns?.close();
});
beforeEach(() => dns.setRecords([]));

const upgrade = {
  domain: 'acme.example',
  isActiveDomain: false,
  txtHost: 'acme.example',
  txtToken: 'worksmobile-certification=abc123',
  cnameHost: 'lw-1234',
  cnameTarget: 'verify.worksmobile.com.',
  mxRecordHost: '@',
  mxRecordValue: { priority10: 'mx1.worksmobile.com', priority20: 'mx2.worksmobile.com' },
};

function options() {
  return { resolvers: [dns.server], authoritativePort: dns.port, timeoutMs: 2000, includeRecursive: false };
}

test('expected records are fully qualified under the domain; MX only when mail is used', () => {
  expect(qualify('@', 'acme.example')).toBe('acme.example');
  expect(qualify('lw-1234', 'acme.example')).toBe('lw-1234.acme.example');
  expect(qualify('lw-1234.acme.example.', 'acme.example')).toBe('lw-1234.acme.example');
  expect(expectedRecords(upgrade, 'acme.example', false).map((r) => `${r.type} ${r.host} ${r.value}`)).toEqual([
    'TXT acme.example worksmobile-certification=abc123',
    'CNAME lw-1234.acme.example verify.worksmobile.com',
  ]);
  expect(expectedRecords(upgrade, 'acme.example', true).filter((r) => r.type === 'MX').map((r) => r.priority)).toEqual([10, 20]);
});

test('the authoritative servers are found through the NS records of the closest zone', async () => {
  dns.addZone('acme.example');
  const found = await findAuthoritativeServers('acme.example', options());
  expect(found).toEqual({ servers: [dns.server], problems: [] });
  const fromSub = await findAuthoritativeServers('deep.sub.acme.example', options());
  expect(fromSub.servers).toEqual([dns.server]);
});

test('a missing TXT is reported per server as not found; once published it is visible', async () => {
  dns.addZone('acme.example');
  const records = expectedRecords(upgrade, 'acme.example', false);
  const before = await checkRecords('acme.example', records, options());
  expect(before.ownershipVisible).toBe(false);
  expect(before.records[0]!.servers).toEqual([{ server: dns.server, kind: 'authoritative', found: [], matches: false }]);

  dns.addRecord('acme.example', 'TXT', 'google-site-verification=other');
  dns.addRecord('acme.example', 'TXT', 'worksmobile-certification=abc123');
  const after = await checkRecords('acme.example', records, options());
  expect(after.ownershipVisible).toBe(true);
  expect(after.records[0]).toMatchObject({ visible: true, servers: [{ matches: true, found: expect.arrayContaining(['worksmobile-certification=abc123']) }] });
  expect(after.records[1]!.visible).toBe(false);
});

test('the CNAME alone proves ownership; MX must match both hosts when mail is used', async () => {
  dns.addZone('acme.example');
  dns.addRecord('lw-1234.acme.example', 'CNAME', 'verify.worksmobile.com');
  dns.addRecord('acme.example', 'MX', '10 mx1.worksmobile.com');
  const result = await checkRecords('acme.example', expectedRecords(upgrade, 'acme.example', true), options());
  expect(result.ownershipVisible).toBe(true);
  expect(result.mailVisible).toBe(false);
  dns.addRecord('acme.example', 'MX', '20 mx2.worksmobile.com');
  expect((await checkRecords('acme.example', expectedRecords(upgrade, 'acme.example', true), options())).mailVisible).toBe(true);
});

test('recursive resolvers are asked only when requested, as a second signal that does not decide', async () => {
  dns.addZone('acme.example');
  const records = expectedRecords(upgrade, 'acme.example', false);
  const without = await checkRecords('acme.example', records, options());
  expect(without.records[0]!.servers.map((s) => s.kind)).toEqual(['authoritative']);
  const withRecursive = await checkRecords('acme.example', records, { ...options(), includeRecursive: true });
  expect(withRecursive.records[0]!.servers.map((s) => s.kind)).toEqual(['authoritative', 'recursive']);
});

test('a domain with no NS records anywhere is reported, not treated as visible', async () => {
  const result = await checkRecords('nowhere.example', expectedRecords({ ...upgrade, domain: 'nowhere.example' }, 'nowhere.example', false), options());
  expect(result.ownershipVisible).toBe(false);
  expect(result.problems.join(' ')).toContain('no NS records found for nowhere.example');
});
