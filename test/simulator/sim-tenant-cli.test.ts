// partnerctl sim tenant | partner-domain | dns-servers | choices, in-process against the simulator over HTTP: what
// only the tenant or LINE WORKS decides, set as a person trying flows would.
import { main } from '../../cli/partnerctl.js';
import { call, control, CUSTOMER, expectStatus, simulatorPerFile, type RunningSim } from './support/api.js';

let sim: RunningSim;
simulatorPerFile((running) => (sim = running));

async function partnerctl(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) }, { simulatorUrl: sim.url });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

test('sim tenant sets terms, members, paid app and storage usage; bad words are all named', async () => {
  const { domainId } = await expectStatus(sim, 201, 'createCustomer', { body: { ...CUSTOMER, domain: 'cli.example' } });
  await control(sim, 'PUT', '/dns/cli.example', { verified: true });
  const refused = await partnerctl('sim', 'tenant', String(domainId), 'terms=not-accepted', 'members=4', 'paid-app=yes', 'storage.SSTG2=7');
  expect(refused.code).toBe(0);
  expect(refused.out).toContain('termsAccepted');
  expect(sim.state.usage.get(domainId)).toMatchObject({ termsAccepted: false, memberCount: 4, nonRealtimePaidApp: true, storageUsage: { SSTG2: 7 } });
  expect((await call(sim, 'activateCustomer', { path: { domainId } })).body.code).toBe('TERMS_NOT_AGREED');

  expect((await partnerctl('sim', 'tenant', String(domainId), 'terms=accepted')).code).toBe(0);
  await expectStatus(sim, 200, 'activateCustomer', { path: { domainId } });

  const bad = await partnerctl('sim', 'tenant', String(domainId), 'terms=maybe', 'members=-1');
  expect(bad.code).toBe(2);
  expect(bad.err).toContain('terms=maybe');
  expect(bad.err).toContain('members=-1');
  // The simulator's own check names what the CLI cannot know (a storage family that does not exist).
  const unknown = await partnerctl('sim', 'tenant', String(domainId), 'storage.DRV=3');
  expect(unknown.code).not.toBe(0);
  expect(unknown.err).toContain('storageUsage.DRV');
});

test("sim partner-domain, dns-servers and choices set the partner's own domain, DNS delays and choices", async () => {
  const { domainId } = await expectStatus(sim, 201, 'createCustomer', { body: { ...CUSTOMER, domain: 'own.by-works.com' } });
  expect((await partnerctl('sim', 'partner-domain', 'set', String(domainId))).out).toContain(`customer ${domainId}`);
  expect((await call(sim, 'deleteCustomer', { path: { domainId } })).status).toBe(403);
  expect((await partnerctl('sim', 'partner-domain', 'clear')).out).toContain('no customer');

  expect((await partnerctl('sim', 'dns-servers', 'set', 'ns2', '10m')).out).toContain('ns2');
  expect(sim.state.dnsServerDelaysMs.get('ns2')).toBe(600_000);
  await control(sim, 'PUT', '/dns/late.example', { verified: true });
  expect((await partnerctl('sim', 'dns-servers', 'visibility', 'late.example')).out).toMatch(/ns2\s+not yet/);
  expect((await partnerctl('sim', 'dns-servers', 'remove', 'ns2')).out).toContain('visible at once');

  expect((await partnerctl('sim', 'choices', 'set', 'termsAcceptedOnCreate=false', 'customerDomainFilter="prefix"')).code).toBe(0);
  expect(sim.state.choices).toMatchObject({ termsAcceptedOnCreate: false, customerDomainFilter: 'prefix' });
  const wrong = await partnerctl('sim', 'choices', 'set', 'customerDomainFilter=prefix');
  expect(wrong.code).toBe(2);
  expect(wrong.err).toContain('customerDomainFilter=prefix');
  expect((await partnerctl('sim', 'choices', '--json')).out).toContain('"optionPlusMonthlyAmount": 1000');
});
