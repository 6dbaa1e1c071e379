// The loopback authoritative DNS server used by simulator and onboarding tests, queried with node's own resolver.
import { Resolver } from 'node:dns/promises';
import { startDnsServer, type TestDnsServer } from '../helpers/dns-server.js';

let dns: TestDnsServer;
let resolver: Resolver;

beforeAll(async () => {
  dns = await startDnsServer();
  resolver = new Resolver({ timeout: 1000, tries: 1 });
  resolver.setServers([dns.server]);
});
afterAll(async () => dns?.close());
beforeEach(() => dns.setRecords([]));

const code = (promise: Promise<unknown>) => promise.then(() => 'OK', (err: NodeJS.ErrnoException) => err.code);

test('serves TXT, CNAME, MX, NS and SOA records added at run time', async () => {
  dns.addZone('zone.example');
  dns.addRecord('zone.example', 'TXT', 'worksmobile-certification=abc');
  dns.addRecord('zone.example', 'MX', '10 mx1.worksmobile.com');
  dns.addRecord('zone.example', 'MX', { priority: 20, exchange: 'mx2.worksmobile.com' });
  dns.addRecord('lw.zone.example', 'CNAME', 'verify.worksmobile.com');
  expect(await resolver.resolveTxt('zone.example')).toEqual([['worksmobile-certification=abc']]);
  expect((await resolver.resolveMx('zone.example')).sort((a, b) => a.priority - b.priority)).toEqual([
    { priority: 10, exchange: 'mx1.worksmobile.com' },
    { priority: 20, exchange: 'mx2.worksmobile.com' },
  ]);
  expect(await resolver.resolveCname('lw.zone.example')).toEqual(['verify.worksmobile.com']);
  expect(await resolver.resolveNs('zone.example')).toEqual(['ns1.zone.example']);
  expect(await resolver.resolveSoa('zone.example')).toMatchObject({ nsname: 'ns1.zone.example', hostmaster: 'hostmaster.zone.example' });
  expect(dns.queries.get('zone.example TXT')).toBe(1);
});

test('answers NXDOMAIN for unknown names and NODATA for a known name without that type; records can be removed', async () => {
  dns.addZone('zone.example');
  dns.addRecord('zone.example', 'TXT', 'one');
  dns.addRecord('zone.example', 'TXT', 'two');
  expect(await code(resolver.resolveTxt('missing.zone.example'))).toBe('ENOTFOUND');
  expect(await code(resolver.resolveMx('zone.example'))).toBe('ENODATA');
  dns.removeRecord('zone.example', 'TXT', 'one');
  expect(await resolver.resolveTxt('zone.example')).toEqual([['two']]);
  dns.removeRecord('zone.example', 'TXT');
  expect(await code(resolver.resolveTxt('zone.example'))).toBe('ENODATA');
});
