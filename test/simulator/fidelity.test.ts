// The documented rules of issue 16, one test each, over real HTTP (every answer checked against openapi.yaml), and
// the choices where the docs are silent: settable through the control API, with today's behaviour by default.
import { readFile } from 'node:fs/promises';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { TokenCache } from '../../partner-api/auth/token-cache.js';
import { ServiceAccountTokenProvider } from '../../partner-api/auth/service-account.js';
import { PartnerApiClient } from '../../partner-api/client.js';
import { defaultChoices } from '../../simulator/choices.js';
import { call, control, CUSTOMER, expectStatus, simulatorPerFile, startTestSim, type Loose, type RunningSim } from './support/api.js';

let sim: RunningSim;
simulatorPerFile((running) => (sim = running));

/** Seeds customers; returns their domainIds. The clock starts at 2026-03-10 10:00 JST. */
async function seed(...customers: object[]): Promise<Loose> {
  const answer = await control(sim, 'POST', '/seed', { customers });
  if (answer.status !== 201) throw new Error(`seed answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body.domainIds;
}

/** Moves the simulated clock to 00:00 JST of `date` (everything due up to that day applies). */
const moveTo = (date: string) => control(sim, 'PUT', '/clock', { now: new Date(Date.parse(`${date}T00:00:00+09:00`)).toISOString() });

async function invoiceOf(year: number, month: number) {
  const invoice = (await expectStatus(sim, 200, 'listInvoices', { query: { year } })).invoices.find((i: Loose) => i.invoiceMonth === month);
  const details = (await expectStatus(sim, 200, 'listInvoiceDetails', { query: { year, month, count: 20 } })).invoiceDetails;
  return { invoice, details: details as Loose[] };
}

const ANNUAL = { productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 10, planStartDate: '2026-01-01' };
const itemTypes = (detail: Loose) => detail.settlementItems.map((i: Loose) => i.itemType);

test('1. a scheduled CANCEL and a withdrawalDate before the contract end bill the early-termination penalty', async () => {
  const [reserved, withdrawn] = await seed(
    { domain: 'reserve.example', companyName: 'Reserve', activated: true, subscriptions: [ANNUAL] },
    { domain: 'withdraw.example', companyName: 'Withdraw', activated: true, subscriptions: [ANNUAL] },
  );
  await expectStatus(sim, 201, 'addSubscriptionReservation', { path: { domainId: reserved, subscriptionId: 1001 }, body: { type: 'CANCEL', applyDate: '2026-03-20' } });
  await expectStatus(sim, 200, 'patchUsageStatus', { path: { domainId: withdrawn }, body: { withdrawalDate: '2026-03-15' } });
  await moveTo('2026-04-01');

  expect((await expectStatus(sim, 200, 'listSubscriptions', { path: { domainId: reserved } })).subscriptions).toEqual([]);
  const { invoice, details } = await invoiceOf(2026, 3);
  const byDomain = Object.fromEntries(details.map((d) => [d.domain, d]));
  expect(byDomain['reserve.example'].settlementItems.at(-1)).toMatchObject({ itemType: 'PENALTY', itemId: 'STD', startDate: '2026-03-20' });
  // 10. the removed tenant keeps its domain and name on its last invoice.
  expect(byDomain['withdraw.example']).toMatchObject({ domainId: withdrawn, customerName: 'Withdraw' });
  expect(byDomain['withdraw.example'].settlementItems.at(-1)).toMatchObject({ itemType: 'PENALTY', itemId: 'STD', startDate: '2026-03-15' });
  const penalties = details.flatMap((d) => d.settlementItems.filter((i: Loose) => i.itemType === 'PENALTY'));
  expect(invoice.penaltyAmount).toBe(penalties.reduce((sum: number, i: Loose) => sum + i.amount, 0));
  expect(invoice.penaltyAmount).toBeGreaterThan(0);
});

test('2. a scheduled withdrawal into SUSPENDED_WITHDRAWAL ends every subscription and option; only Option Plus is billed', async () => {
  const [domainId] = await seed({
    domain: 'yamato.example',
    companyName: 'Yamato user',
    activated: true,
    nonRealtimePaidApp: true,
    subscriptions: [{ productId: 'STD', plan: 'MONTHLY' }],
    options: [{ optionProductId: 'ACV2', subOptionId: 'ACV201' }],
  });
  await expectStatus(sim, 200, 'patchUsageStatus', { path: { domainId }, body: { withdrawalDate: '2026-03-15' } });
  await moveTo('2026-04-01');

  expect(await expectStatus(sim, 200, 'getUsageStatus', { path: { domainId } })).toMatchObject({ status: 'SUSPENDED_WITHDRAWAL', withdrawalDate: '2026-04-02' });
  expect((await expectStatus(sim, 200, 'listSubscriptions', { path: { domainId } })).subscriptions).toEqual([]);
  expect((await expectStatus(sim, 200, 'listOptionProducts', { path: { domainId } })).optionProducts).toEqual([]);
  const usages = (await expectStatus(sim, 200, 'getCustomerUsages', { path: { domainId }, query: { year: 2026, month: 3 } })).usages;
  expect(usages.map((u: Loose) => u.usedDate).at(-1)).toBe('2026-03-14');
  const [detail] = (await invoiceOf(2026, 3)).details;
  const plus = detail.settlementItems.find((i: Loose) => i.itemType === 'OPTION_PLUS');
  expect(plus).toMatchObject({ startDate: '2026-03-11', endDate: '2026-03-31' });
  const product = detail.settlementItems.filter((i: Loose) => i.itemType === 'PRODUCT');
  expect(product.map((i: Loose) => i.endDate)).toEqual(['2026-03-14']);
});

test("3. the partner's own domain cannot be deleted or given a withdrawalDate", async () => {
  const [own, other] = await seed({ domain: 'partner.example', companyName: 'Partner', activated: true, partnerOwnDomain: true }, { domain: 'other.example', companyName: 'Other', activated: true });
  expect(await control(sim, 'GET', '/partner-domain')).toMatchObject({ body: { domainId: own } });
  expect((await call(sim, 'deleteCustomer', { path: { domainId: own } })).body).toEqual({ code: 'FORBIDDEN', description: expect.stringContaining("partner's own domain") });
  const refused = await call(sim, 'patchUsageStatus', { path: { domainId: own }, body: { withdrawalDate: '2026-04-01' } });
  expect([refused.status, refused.body.code]).toEqual([403, 'FORBIDDEN']);
  // The cap is still the partner's to set.
  await expectStatus(sim, 200, 'patchUsageStatus', { path: { domainId: own }, body: { maxMemberCount: 50 } });

  // Another customer becomes the partner's own domain through the control API.
  expect((await control(sim, 'PUT', '/partner-domain', { domainId: other })).status).toBe(200);
  expect((await call(sim, 'deleteCustomer', { path: { domainId: other } })).status).toBe(403);
  expect((await call(sim, 'deleteCustomer', { path: { domainId: own } })).status).toBe(204);
  expect((await control(sim, 'PUT', '/partner-domain', { domainId: 'x' })).body.description).toContain('domainId');
});

test('4. activation needs the terms of service accepted', async () => {
  const { domainId } = await expectStatus(sim, 201, 'createCustomer', { body: { ...CUSTOMER, domain: 'terms.example' } });
  await control(sim, 'PUT', '/dns/terms.example', { verified: true });
  expect((await control(sim, 'PATCH', `/customers/${domainId}`, { termsAccepted: false })).status).toBe(200);
  const refused = await call(sim, 'activateCustomer', { path: { domainId } });
  expect([refused.status, refused.body.code]).toEqual([400, 'TERMS_NOT_AGREED']);
  expect(refused.body.description).toContain('terms of service');

  await control(sim, 'PATCH', `/customers/${domainId}`, { termsAccepted: true });
  expect(await expectStatus(sim, 200, 'activateCustomer', { path: { domainId } })).toMatchObject({ enableActiveDomain: true });

  // With the termsAcceptedOnCreate choice off, a new customer starts without acceptance (even a group name).
  await control(sim, 'PATCH', '/choices', { termsAcceptedOnCreate: false });
  const group = await expectStatus(sim, 201, 'createCustomer', { body: { ...CUSTOMER, domain: 'terms.by-works.com' } });
  expect((await call(sim, 'activateCustomer', { path: { domainId: group.domainId } })).body.code).toBe('TERMS_NOT_AGREED');
  const problems = await control(sim, 'PATCH', `/customers/${domainId}`, { termsAccepted: 'yes', shoeSize: 3, storageUsage: { SSTG2: -1 } });
  expect(problems.status).toBe(400);
  for (const field of ['termsAccepted', 'shoeSize', 'storageUsage.SSTG2']) expect(problems.body.description).toContain(field);
});

test('5. a domain customer cannot buy subscriptions or options before activation', async () => {
  const { domainId } = await expectStatus(sim, 201, 'createCustomer', { body: { ...CUSTOMER, domain: 'early.example', productId: 'STD_T' } });
  const tomorrow = '2026-03-11';
  const attempts = [
    await call(sim, 'addSubscription', { path: { domainId }, body: { productId: 'ROG_STD_T', plan: 'TRIAL_LICENSE', licenseCount: 1 } }),
    await call(sim, 'addSubscriptionPreOrder', { path: { domainId }, body: { productId: 'STD', plan: 'MONTHLY', applyDate: tomorrow } }),
    await call(sim, 'addOptionProduct', { path: { domainId }, body: { optionProductId: 'ACV2', subOptionId: 'ACV200' } }),
    await call(sim, 'addOptionProductOrders', { path: { domainId }, body: { optionProductId: 'ACV2', subOptionId: 'ACV200', type: 'APPLY', applyDate: tomorrow } }),
    await call(sim, 'convertSubscriptionToPaid', { path: { domainId, subscriptionId: 1001 }, body: { plan: 'MONTHLY' } }),
    await call(sim, 'upgradeSubscription', { path: { domainId, subscriptionId: 1001 }, body: { productId: 'ADV_T' } }),
  ];
  expect(attempts.map((a) => [a.status, a.body.code])).toEqual(Array(6).fill([400, 'DOMAIN_NOT_ACTIVATED']));

  await control(sim, 'PUT', '/dns/early.example', { verified: true });
  await expectStatus(sim, 200, 'activateCustomer', { path: { domainId } });
  await expectStatus(sim, 201, 'addOptionProduct', { path: { domainId }, body: { optionProductId: 'ACV2', subOptionId: 'ACV200' } });
});

test('6. Option Plus is billed, and a 25th-1st withdrawal reserved by the 24th stops it on the 25th', async () => {
  const [early, late] = await seed(
    { domain: 'early-res.example', companyName: 'Reserved by the 24th', activated: true, nonRealtimePaidApp: true },
    { domain: 'late-res.example', companyName: 'Reserved on the 26th', activated: true, nonRealtimePaidApp: true },
  );
  await moveTo('2026-03-20');
  await expectStatus(sim, 200, 'patchUsageStatus', { path: { domainId: early }, body: { withdrawalDate: '2026-03-28' } });
  await moveTo('2026-03-26');
  await expectStatus(sim, 200, 'patchUsageStatus', { path: { domainId: late }, body: { withdrawalDate: '2026-03-28' } });
  await moveTo('2026-05-01');

  for (const domainId of [early, late]) {
    // Removal on the 2nd of the month after next either way.
    expect(await expectStatus(sim, 200, 'getUsageStatus', { path: { domainId } })).toMatchObject({ status: 'SUSPENDED_WITHDRAWAL', withdrawalDate: '2026-05-02' });
  }
  const march = await invoiceOf(2026, 3);
  const plusOf = (details: Loose[], domainId: number) => details.find((d) => d.domainId === domainId)?.settlementItems.find((i: Loose) => i.itemType === 'OPTION_PLUS');
  expect(plusOf(march.details, early)).toMatchObject({ startDate: '2026-03-11', endDate: '2026-03-24' });
  expect(plusOf(march.details, late)).toMatchObject({ startDate: '2026-03-11', endDate: '2026-03-31', amount: Math.round((1000 * 21) / 31) });
  expect(march.invoice.optionPlusAmount).toBe(plusOf(march.details, early).amount + plusOf(march.details, late).amount);
  expect(march.invoice.optionPlusTaxAmount).toBe(Math.round(march.invoice.optionPlusAmount / 10));

  // The bill on the 1st of the month after next is Option-Plus-only, and only for the tenant reserved too late.
  const april = await invoiceOf(2026, 4);
  expect(april.details.map((d) => [d.domainId, itemTypes(d)])).toEqual([[late, ['SUMMARY', 'OPTION_PLUS']]]);
  expect(april.invoice).toMatchObject({ usedAmount: 0, optionPlusAmount: 1000, optionPlusTaxAmount: 100, totalAmount: 1100 });
});

test('7. an SSTG2 downgrade at renewal falls back to STAY when storage usage exceeds the smaller tier', async () => {
  const storage = (domain: string, usedTb: number) => ({
    domain,
    companyName: domain,
    activated: true,
    storageUsage: { SSTG2: usedTb },
    subscriptions: [{ productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 10, planStartDate: '2025-03-15' }],
    options: [{ optionProductId: 'SSTG2', subOptionId: 'SSTG203' }],
  });
  const [full, light] = await seed(storage('full.example', 7), storage('light.example', 1));
  for (const domainId of [full, light]) {
    await expectStatus(sim, 200, 'patchOptionProductRenewal', { path: { domainId, optionProductId: 'SSTG2' }, body: { type: 'CHANGE', subOptionId: 'SSTG202' } });
  }
  // The tenant's usage changes after the setting: the renewal day's usage counts.
  await control(sim, 'PATCH', `/customers/${light}`, { storageUsage: { SSTG2: 5 } });
  await moveTo('2026-03-15');

  const [kept] = (await expectStatus(sim, 200, 'listOptionProducts', { path: { domainId: full } })).optionProducts;
  expect(kept).toMatchObject({ subOptionId: 'SSTG203', planStartDate: '2026-03-15' });
  expect(await expectStatus(sim, 200, 'getOptionProductRenewal', { path: { domainId: full, optionProductId: 'SSTG2' } })).toMatchObject({ type: 'STAY', subOptionId: 'SSTG203' });
  const [downgraded] = (await expectStatus(sim, 200, 'listOptionProducts', { path: { domainId: light } })).optionProducts;
  expect(downgraded).toMatchObject({ subOptionId: 'SSTG202', planStartDate: '2026-03-15' });
});

test('8. DNS records reach each simulated authoritative server after its delay; activation waits for all of them', async () => {
  await control(sim, 'PUT', '/dns-servers/ns1', { delayMs: 0 });
  await control(sim, 'PUT', '/dns-servers/ns2', { delayMs: 3_600_000 });
  expect((await control(sim, 'PUT', '/dns-servers/ns3', { delayMs: -1 })).status).toBe(400);
  const { domainId } = await expectStatus(sim, 201, 'createCustomer', { body: { ...CUSTOMER, domain: 'slow.example' } });
  await control(sim, 'PUT', '/dns/slow.example', { verified: true });

  const first = (await control(sim, 'GET', '/dns-visibility/slow.example')).body;
  expect(first.servers.map((s: Loose) => [s.server, s.visible])).toEqual([['ns1', true], ['ns2', false]]);
  expect((await call(sim, 'activateCustomer', { path: { domainId } })).body.code).toBe('INVALID_DOMAIN');

  await control(sim, 'POST', '/clock/advance', { hours: 1 });
  expect((await control(sim, 'GET', '/dns-visibility/slow.example')).body.servers.every((s: Loose) => s.visible)).toBe(true);
  expect(await expectStatus(sim, 200, 'activateCustomer', { path: { domainId } })).toMatchObject({ enableActiveDomain: true });

  // Records published as the customer's DNS admin would (partnerctl sim dns publish) propagate the same way.
  const published = await expectStatus(sim, 201, 'createCustomer', { body: { ...CUSTOMER, domain: 'published.example' } });
  expect((await control(sim, 'POST', '/dns/published.example/publish', {})).status).toBe(201);
  expect((await call(sim, 'activateCustomer', { path: { domainId: published.domainId } })).body.code).toBe('INVALID_DOMAIN');
  await control(sim, 'POST', '/clock/advance', { hours: 1 });
  await expectStatus(sim, 200, 'activateCustomer', { path: { domainId: published.domainId } });
  // reset goes back to the configured servers (none here).
  await control(sim, 'POST', '/reset');
  expect((await control(sim, 'GET', '/dns-servers')).body).toEqual({ servers: {} });
});

test('9. an expired token can be answered 403 UNAUTHORIZED, and the client renews it and retries once', async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  const jwt = { publicKey: await exportSPKI(pair.publicKey), clientId: 'client-1', clientSecret: 'secret', serviceAccountId: 'sa@partner.example' };
  const authSim = await startTestSim({ jwt, accessTokenTtlSeconds: 600, choices: { expiredToken403Operations: ['listCustomers'] } });
  try {
    // The provider's clock lags the simulator's, so it keeps using the token the simulator already considers expired.
    let lagMs = 0;
    const tokens = new ServiceAccountTokenProvider({
      ...jwt,
      privateKey: await exportPKCS8(pair.privateKey),
      tokenUrl: authSim.tokenUrl,
      cache: new TokenCache(),
      now: () => authSim.clock.nowMs() - lagMs,
    });
    const client = new PartnerApiClient({ baseUrl: authSim.baseUrl, tokens, timeoutMs: 5_000 });
    await client.listCustomers();
    const stale = await tokens.getToken('partner');
    await control(authSim, 'POST', '/clock/advance', { seconds: 601 });
    lagMs = 601_000;

    const refused = await call(authSim, 'listCustomers', { token: stale });
    expect([refused.status, refused.body.code]).toEqual([403, 'UNAUTHORIZED']);
    // Other operations keep the documented 401.
    expect((await call(authSim, 'getCustomer', { token: stale, path: { domainId: 1 } })).status).toBe(401);

    await expect(client.listCustomers()).resolves.toMatchObject({ customers: [] });
    const calls = (await control(authSim, 'GET', '/journal')).body.entries.filter((e: Loose) => e.operation === 'listCustomers').map((e: Loose) => e.status);
    expect(calls).toEqual([200, 403, 403, 200]);
  } finally {
    await authSim.app.close();
  }
});

test('10. every choice is settable and defaults to today; scheduled withdrawal dates and the domain filter follow them', async () => {
  const choices = (await control(sim, 'GET', '/choices')).body;
  expect(choices).toMatchObject({ customerDomainFilter: 'exact', showScheduledWithdrawalDate: true, termsAcceptedOnCreate: true, optionPlusMonthlyAmount: 1000, expiredToken403Operations: [] });
  const [domainId] = await seed({ domain: 'filter-me.example', companyName: 'Filter', activated: true }, { domain: 'other.example', companyName: 'Other', activated: true });
  await expectStatus(sim, 200, 'patchUsageStatus', { path: { domainId }, body: { withdrawalDate: '2026-06-01' } });
  expect((await expectStatus(sim, 200, 'getUsageStatus', { path: { domainId } })).withdrawalDate).toBe('2026-06-01');
  expect((await expectStatus(sim, 200, 'listCustomers', { query: { domain: 'filter' } })).customers).toEqual([]);

  const changed = await control(sim, 'PATCH', '/choices', { showScheduledWithdrawalDate: false, customerDomainFilter: 'prefix', notFoundAs400: ['getCustomer'] });
  expect(changed.status).toBe(200);
  expect((await expectStatus(sim, 200, 'getUsageStatus', { path: { domainId } })).withdrawalDate).toBeNull();
  expect((await expectStatus(sim, 200, 'listCustomers', { query: { domain: 'filter' } })).customers.map((c: Loose) => c.domain)).toEqual(['filter-me.example']);
  expect((await call(sim, 'getCustomer', { path: { domainId: 99 } })).status).toBe(400);

  const wrong = await control(sim, 'PATCH', '/choices', { customerDomainFilter: 'fuzzy', nameTakenOnCreate: { status: 200 }, colour: 'red' });
  expect(wrong.status).toBe(400);
  for (const name of ['customerDomainFilter', 'nameTakenOnCreate', 'colour']) expect(wrong.body.description).toContain(name);
  // reset goes back to the configured choices.
  await control(sim, 'POST', '/reset');
  expect((await control(sim, 'GET', '/choices')).body).toEqual(choices);
  // Choices also come from the options and the seed.
  expect((await control(sim, 'POST', '/seed', { choices: { nameTakenOnCreate: { status: 409, code: 'ALREADY_EXIST', description: 'taken' } }, customers: [{ domain: 'taken.example', companyName: 'T' }] })).status).toBe(201);
  expect((await call(sim, 'createCustomer', { body: { ...CUSTOMER, domain: 'taken.example' } })).body).toEqual({ code: 'ALREADY_EXIST', description: 'taken' });
  await expect(startTestSim({ choices: { customerDomainFilter: 'fuzzy' as never } })).rejects.toThrow('choices.customerDomainFilter');
});

test("docs/simulator.md's choices table names every settable choice", async () => {
  const docs = await readFile(new URL('../../docs/simulator.md', import.meta.url), 'utf8');
  const table = docs.slice(docs.indexOf('## Choices where the docs are silent'));
  const missing = Object.keys(defaultChoices()).filter((name) => !new RegExp(`(\\| |/ )\`${name}\` `).test(table));
  expect(missing).toEqual([]);
});
