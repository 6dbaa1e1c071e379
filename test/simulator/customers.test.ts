// Customers and domains over real HTTP: names, IDs, DNS (control API and a real DNS server on loopback), upgrade
// domains, activation, change-domain, paging, replace/patch, Online Direct transfer, usage status and deletion.
import { startDnsServer, type TestDnsServer } from '../helpers/dns-server.js';
import { call, control, CUSTOMER, expectStatus, startTestSim, type RunningSim } from './support/api.js';

let sim: RunningSim;
let dnsSim: RunningSim;
let dns: TestDnsServer;

beforeAll(async () => {
  dns = await startDnsServer();
  [sim, dnsSim] = await Promise.all([startTestSim({ transferDelayMs: 60_000 }), startTestSim({ dnsResolver: { servers: [dns.server] } })]);
});
afterAll(async () => {
  await sim?.app.close();
  await dnsSim?.app.close();
  await dns?.close();
});
beforeEach(async () => {
  await control(sim, 'POST', '/reset');
  await control(dnsSim, 'POST', '/reset');
  dns.setRecords([]);
});

const create = (s: RunningSim, domain: string, extra: object = {}) => call(s, 'createCustomer', { body: { ...CUSTOMER, domain, ...extra } });

test('names: group names need no DNS, real domains do; bad and taken names are refused', async () => {
  expect(await expectStatus(sim, 200, 'verifyDomain', { body: { domain: 'acme.by-works.com' } })).toEqual({ domain: 'acme.by-works.com', type: 'GROUP' });
  expect(await expectStatus(sim, 200, 'verifyDomain', { body: { domain: 'acme.by-works.net' } })).toEqual({ domain: 'acme.by-works.net', type: 'GROUP' });
  expect(await expectStatus(sim, 200, 'verifyDomain', { body: { domain: 'acme.example' } })).toEqual({ domain: 'acme.example', type: 'DOMAIN' });
  for (const bad of ['A', 'Upper.example', '-lead.example', 'double--hyphen.com', 'much-too-long-a-name-here.com']) {
    expect((await call(sim, 'verifyDomain', { body: { domain: bad } })).body.code).toBe('INVALID_PARAMETER');
  }
  const group = await expectStatus(sim, 201, 'createCustomer', { body: { ...CUSTOMER, domain: 'acme.by-works.com' } });
  expect(group).toMatchObject({ domainId: 10000001, tenantId: 20000001, domainType: 'GROUP', enableActiveDomain: true });
  const second = await expectStatus(sim, 201, 'createCustomer', { body: { ...CUSTOMER, domain: 'acme.example', administrator: { id: 'admin', lastName: 'Y', privateEmail: 'a@example.org', password: 'abcdefgh1234' } } });
  expect(second).toMatchObject({ domainId: 10000002, tenantId: 20000002, domainType: 'DOMAIN', enableActiveDomain: false });
  expect(JSON.stringify(second)).not.toContain('abcdefgh1234');
  expect((await call(sim, 'verifyDomain', { body: { domain: 'acme.by-works.com' } })).body.code).toBe('ALREADY_EXIST');
  expect((await create(sim, 'acme.by-works.com')).status).toBe(409);
  const invalid = await create(sim, 'ok.by-works.com', { companyName: '', locale: 'fr_FR', phoneNumber: 'call me' });
  expect(invalid.status).toBe(400);
  for (const field of ['companyName', 'locale', 'phoneNumber']) expect(invalid.body.description).toContain(field);
});

test('activation waits for DNS set through the control API', async () => {
  const { domainId } = (await create(sim, 'acme.example')).body;
  const records = await expectStatus(sim, 200, 'getUpgradeDomain', { path: { domainId } });
  expect(records).toMatchObject({ domain: 'acme.example', isActiveDomain: false, txtHost: 'acme.example', txtToken: expect.stringMatching(/^worksmobile-certification=/), mxRecordValue: { priority10: expect.any(String) } });
  expect(await call(sim, 'activateCustomer', { path: { domainId } })).toMatchObject({ status: 400, body: { code: 'INVALID_DOMAIN' } });
  await control(sim, 'PUT', '/dns/acme.example', { verified: true });
  expect(await expectStatus(sim, 200, 'activateCustomer', { path: { domainId } })).toMatchObject({ enableActiveDomain: true, enableActiveMxrecord: true });
  expect((await expectStatus(sim, 200, 'getUpgradeDomain', { path: { domainId } })).isActiveDomain).toBe(true);
});

test('with a resolver configured, activation looks up the TXT token (or the CNAME) on real DNS', async () => {
  const { domainId } = (await create(dnsSim, 'dns.example')).body;
  const records = await expectStatus(dnsSim, 200, 'getUpgradeDomain', { path: { domainId } });
  // Control-API DNS state does not count when a resolver is configured.
  await control(dnsSim, 'PUT', '/dns/dns.example', { verified: true });
  expect((await call(dnsSim, 'activateCustomer', { path: { domainId } })).status).toBe(400);
  dns.addRecord(records.txtHost, 'TXT', 'some-other-token');
  expect((await call(dnsSim, 'activateCustomer', { path: { domainId } })).status).toBe(400);
  dns.addRecord(records.txtHost, 'TXT', records.txtToken);
  dns.addRecord(records.mxRecordHost, 'MX', `10 ${records.mxRecordValue.priority10}`);
  expect(await expectStatus(dnsSim, 200, 'activateCustomer', { path: { domainId } })).toMatchObject({ enableActiveDomain: true, enableActiveMxrecord: true });

  const other = (await create(dnsSim, 'cname.example')).body;
  const cname = await expectStatus(dnsSim, 200, 'getUpgradeDomain', { path: { domainId: other.domainId } });
  dns.addRecord(cname.cnameHost, 'CNAME', cname.cnameTarget);
  expect(await expectStatus(dnsSim, 200, 'activateCustomer', { path: { domainId: other.domainId } })).toMatchObject({ enableActiveDomain: true, enableActiveMxrecord: false });
});

test('a group upgrades to a domain: add upgrade domain, DNS, change-domain; by-works targets need no DNS', async () => {
  const { domainId } = (await create(sim, 'grp.by-works.com')).body;
  expect((await call(sim, 'getUpgradeDomain', { path: { domainId } })).body.code).toBe('UPGRADE_DOMAIN_NOT_EXIST');
  expect((await call(sim, 'changeDomain', { path: { domainId }, body: { domain: 'grp.example' } })).status).toBe(400);
  const added = await expectStatus(sim, 201, 'addUpgradeDomain', { path: { domainId }, body: { domain: 'grp.example' } });
  expect(added).toMatchObject({ domain: 'grp.example', isActiveDomain: false, cnameTarget: expect.any(String) });
  expect((await call(sim, 'addUpgradeDomain', { path: { domainId }, body: { domain: 'grp2.example' } })).status).toBe(409);
  expect((await call(sim, 'verifyDomain', { body: { domain: 'grp.example' } })).body.code).toBe('ALREADY_EXIST');
  expect((await call(sim, 'changeDomain', { path: { domainId }, body: { domain: 'grp.example' } })).body.code).toBe('INVALID_DOMAIN');
  await control(sim, 'PUT', '/dns/grp.example', { verified: true });
  expect((await call(sim, 'changeDomain', { path: { domainId }, body: { domain: 'grp.example' } })).status).toBe(204);
  expect(await expectStatus(sim, 200, 'getCustomer', { path: { domainId } })).toMatchObject({ domain: 'grp.example', domainType: 'DOMAIN', enableActiveDomain: true });

  const other = (await create(sim, 'two.by-works.com')).body;
  await expectStatus(sim, 201, 'addUpgradeDomain', { path: { domainId: other.domainId }, body: { domain: 'two.example' } });
  expect((await call(sim, 'deleteUpgradeDomain', { path: { domainId: other.domainId } })).status).toBe(204);
  expect((await call(sim, 'deleteUpgradeDomain', { path: { domainId: other.domainId } })).status).toBe(404);
  expect((await call(sim, 'changeDomain', { path: { domainId: other.domainId }, body: { domain: 'grp.example' } })).status).toBe(400);
  expect((await call(sim, 'changeDomain', { path: { domainId: other.domainId }, body: { domain: 'three.by-works.net' } })).status).toBe(204);
});

test('list: cursor paging (count 1-30), domain filter, order; get, replace and patch', async () => {
  for (const name of ['c', 'a', 'e', 'b', 'd']) await create(sim, `${name}${name}.by-works.com`);
  const first = await expectStatus(sim, 200, 'listCustomers', { query: { count: 2 } });
  expect(first.customers.map((c: { domain: string }) => c.domain)).toEqual(['aa.by-works.com', 'bb.by-works.com']);
  const second = await expectStatus(sim, 200, 'listCustomers', { query: { count: 2, cursor: first.responseMetaData.nextCursor } });
  const third = await expectStatus(sim, 200, 'listCustomers', { query: { count: 2, cursor: second.responseMetaData.nextCursor } });
  expect(third.customers.map((c: { domain: string }) => c.domain)).toEqual(['ee.by-works.com']);
  expect(third.responseMetaData.nextCursor).toBeUndefined();
  expect((await expectStatus(sim, 200, 'listCustomers', { query: { orderBy: 'name desc', count: 1 } })).customers[0].domain).toBe('ee.by-works.com');
  expect((await expectStatus(sim, 200, 'listCustomers', { query: { domain: 'cc.by-works.com' } })).customers).toHaveLength(1);
  for (const count of [0, 31]) expect((await call(sim, 'listCustomers', { query: { count } })).body.code).toBe('INVALID_PARAMETER');

  const domainId = first.customers[0].domainId;
  const patched = await expectStatus(sim, 200, 'patchCustomer', { path: { domainId }, body: { companyName: 'New Name', partnership: { customerCode: 'C-1', memo: 'vip' } } });
  expect(patched).toMatchObject({ companyName: 'New Name', phoneNumber: CUSTOMER.phoneNumber, partnership: { customerCode: 'C-1', memo: 'vip', enablePartnerProfileDisplay: true } });
  expect((await call(sim, 'replaceCustomer', { path: { domainId }, body: { companyName: 'Only name' } })).status).toBe(400);
  const replaced = await expectStatus(sim, 200, 'replaceCustomer', { path: { domainId }, body: { ...CUSTOMER, locale: 'en_US' } });
  expect(replaced.locale).toBe('en_US');
  expect(replaced.partnership).toEqual({ status: 'NORMAL', enablePartnerProfileDisplay: true });
  expect((await call(sim, 'getCustomer', { path: { domainId: 99 } })).body.code).toBe('CUSTOMER_NOT_EXIST');
});

test('an Online Direct tenant is looked up with its partner code and appears after the transfer completes', async () => {
  await control(sim, 'POST', '/seed', { potentialCustomers: [{ domain: 'direct.example', partnerCode: 'WSq1', productIds: ['STD_T', 'NTA_FR'], notHandledApps: ['XYZ app'], memberCount: 4 }] });
  expect((await call(sim, 'getPotentialCustomer', { path: { domain: 'direct.example' }, query: { partnerCode: 'wrong' } })).status).toBe(400);
  const tenant = await expectStatus(sim, 200, 'getPotentialCustomer', { path: { domain: 'direct.example' }, query: { partnerCode: 'WSq1' } });
  expect(tenant).toMatchObject({ domain: 'direct.example', productId: 'STD_T', productIds: ['STD_T', 'NTA_FR'], notHandledApps: ['XYZ app'] });
  expect((await call(sim, 'transferPotentialCustomer', { path: { domain: 'direct.example' }, body: { partnerCode: 'WSq1' } })).status).toBe(202);
  expect((await call(sim, 'transferPotentialCustomer', { path: { domain: 'direct.example' }, body: { partnerCode: 'WSq1' } })).status).toBe(400);
  expect((await expectStatus(sim, 200, 'listCustomers')).customers).toEqual([]);
  await control(sim, 'POST', '/clock/advance', { seconds: 60 });
  const { customers } = await expectStatus(sim, 200, 'listCustomers');
  expect(customers).toEqual([expect.objectContaining({ domain: 'direct.example', domainId: tenant.domainId, tenantId: tenant.tenantId })]);
  const subs = await expectStatus(sim, 200, 'listSubscriptions', { path: { domainId: tenant.domainId } });
  expect(subs.subscriptions.map((s: { productId: string }) => s.productId)).toEqual(['STD_T', 'NTA_FR']);
  expect((await call(sim, 'getPotentialCustomer', { path: { domain: 'direct.example' }, query: { partnerCode: 'WSq1' } })).status).toBe(400);
});

test('usage status: cap, renewal task window and rules, scheduled cancellation', async () => {
  const { domainId } = (await create(sim, 'usage.by-works.com')).body;
  const path = { domainId };
  expect(await expectStatus(sim, 200, 'getUsageStatus', { path })).toEqual({ domainId, status: 'ACTIVE', memberCount: 0, maxMemberCount: null, withdrawalDate: null });
  for (const applyDate of ['2026-03-10', '2027-03-11']) {
    expect((await call(sim, 'addUsageStatusRenewal', { path, body: { applyDate, maxMemberCount: 10 } })).body.code).toBe('OUT_OF_RANGE');
  }
  expect(await expectStatus(sim, 201, 'addUsageStatusRenewal', { path, body: { applyDate: '2027-03-10', maxMemberCount: 10 } })).toMatchObject({ renewal: { applyDate: '2027-03-10', maxMemberCount: 10 } });
  expect((await call(sim, 'addUsageStatusRenewal', { path, body: { applyDate: '2026-04-01', maxMemberCount: 5 } })).status).toBe(409);
  expect((await expectStatus(sim, 200, 'patchUsageStatusRenewal', { path, body: { applyDate: '2026-03-11' } })).renewal).toEqual({ applyDate: '2026-03-11', maxMemberCount: 10 });
  expect((await call(sim, 'patchUsageStatusRenewal', { path, body: { applyDate: '2026-03-12', maxMemberCount: 3 } })).status).toBe(400);
  // Setting the cap now deletes the scheduled change.
  const capped = await expectStatus(sim, 200, 'patchUsageStatus', { path, body: { maxMemberCount: 20, withdrawalDate: null } });
  expect(capped).toEqual({ domainId, status: 'ACTIVE', memberCount: 0, maxMemberCount: 20, withdrawalDate: null });
  expect((await call(sim, 'deleteUsageStatusRenewal', { path })).status).toBe(404);
  await expectStatus(sim, 201, 'addUsageStatusRenewal', { path, body: { applyDate: '2026-03-20', maxMemberCount: null } });
  expect((await call(sim, 'deleteUsageStatusRenewal', { path })).status).toBe(204);

  expect((await call(sim, 'patchUsageStatus', { path, body: { withdrawalDate: '2026-03-10' } })).body.code).toBe('OUT_OF_RANGE');
  expect((await expectStatus(sim, 200, 'patchUsageStatus', { path, body: { withdrawalDate: '2026-03-12' } })).withdrawalDate).toBe('2026-03-12');
  await control(sim, 'POST', '/clock/advance', { days: 2 });
  expect((await call(sim, 'getCustomer', { path })).status).toBe(404);
});

test('deletion: 204 removes at once; a tenant with a non-real-time paid app goes to irreversible pending withdrawal (202)', async () => {
  const plain = (await create(sim, 'gone.by-works.com')).body.domainId;
  expect((await call(sim, 'deleteCustomer', { path: { domainId: plain } })).status).toBe(204);
  expect((await call(sim, 'getCustomer', { path: { domainId: plain } })).status).toBe(404);

  const [domainId] = (await control(sim, 'POST', '/seed', {
    customers: [{ domain: 'yamato.by-works.com', companyName: 'Y', nonRealtimePaidApp: true, subscriptions: [{ productId: 'STD', plan: 'MONTHLY' }] }],
  })).body.domainIds;
  expect((await call(sim, 'deleteCustomer', { path: { domainId } })).status).toBe(202);
  // Deleted on 2026-03-10 (2nd-24th): removal on the 2nd of next month.
  expect(await expectStatus(sim, 200, 'getUsageStatus', { path: { domainId } })).toMatchObject({ status: 'SUSPENDED_WITHDRAWAL', withdrawalDate: '2026-04-02' });
  expect((await expectStatus(sim, 200, 'listSubscriptions', { path: { domainId } })).subscriptions).toEqual([]);
  expect((await call(sim, 'patchUsageStatus', { path: { domainId }, body: { withdrawalDate: null } })).status).toBe(409);
  expect((await call(sim, 'deleteCustomer', { path: { domainId } })).status).toBe(409);
  await control(sim, 'PUT', '/clock', { now: '2026-04-01T16:00:00Z' });
  expect((await call(sim, 'getCustomer', { path: { domainId } })).status).toBe(404);
});

test('a scheduled cancellation of a tenant with a non-real-time paid app suspends it until the 2nd of the month after next (25th-1st)', async () => {
  const [domainId] = (await control(sim, 'POST', '/seed', { customers: [{ domain: 'late.by-works.com', companyName: 'L', nonRealtimePaidApp: true }] })).body.domainIds;
  const path = { domainId };
  const knobs = await control(sim, 'PATCH', `/customers/${domainId}`, { memberCount: 5, suspended: true });
  expect(knobs.status).toBe(200);
  expect((await control(sim, 'PATCH', `/customers/${domainId}`, { memberCount: -1 })).body.description).toContain('memberCount');
  expect(await expectStatus(sim, 200, 'getUsageStatus', { path })).toMatchObject({ status: 'SUSPENDED_ADMIN', memberCount: 5 });
  await control(sim, 'PATCH', `/customers/${domainId}`, { suspended: false });
  await expectStatus(sim, 200, 'patchUsageStatus', { path, body: { maxMemberCount: null, withdrawalDate: '2026-03-26' } });
  expect((await expectStatus(sim, 200, 'getUsageStatus', { path })).status).toBe('ACTIVE');
  await control(sim, 'PUT', '/clock', { now: '2026-03-25T15:00:00Z' });
  expect(await expectStatus(sim, 200, 'getUsageStatus', { path })).toMatchObject({ status: 'SUSPENDED_WITHDRAWAL', withdrawalDate: '2026-05-02' });
  await control(sim, 'PUT', '/clock', { now: '2026-05-01T15:00:00Z' });
  expect((await call(sim, 'getUsageStatus', { path })).body.code).toBe('CUSTOMER_NOT_EXIST');
  expect((await control(sim, 'PATCH', '/customers/123', { memberCount: 1 })).status).toBe(404);
});
