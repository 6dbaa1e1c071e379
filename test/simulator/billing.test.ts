// Usage and invoices generated from state over real HTTP: daily 00:00 snapshots, an invoice on the 1st for the
// previous month, per-customer lines with cursor paging.
import { call, control, expectStatus, startTestSim, type RunningSim } from './support/api.js';

let sim: RunningSim;

beforeAll(async () => {
  sim = await startTestSim();
});
afterAll(async () => sim?.app.close());
beforeEach(async () => {
  await control(sim, 'POST', '/reset');
});

test('daily usage snapshots follow the state, including a change mid-month', async () => {
  const [domainId] = (await control(sim, 'POST', '/seed', {
    customers: [{ domain: 'use.example', companyName: 'Use', activated: true, memberCount: 4, subscriptions: [{ productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 10 }] }],
  })).body.domainIds;
  await control(sim, 'POST', '/clock/advance', { days: 2 });
  await expectStatus(sim, 200, 'addLicenseCount', { path: { domainId, subscriptionId: 1001 }, body: { addLicenseCount: 5 } });
  await control(sim, 'POST', '/clock/advance', { days: 1 });
  const { usages } = await expectStatus(sim, 200, 'getCustomerUsages', { path: { domainId }, query: { year: 2026, month: 3 } });
  expect(usages.map((u: { usedDate: string; licenseCount: number }) => [u.usedDate, u.licenseCount])).toEqual([
    ['2026-03-11', 10],
    ['2026-03-12', 10],
    ['2026-03-13', 15],
  ]);
  expect(usages[0]).toEqual({ productGroupId: 'WORKS', usedDate: '2026-03-11', productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 10, memberCount: 4, status: 'ACTIVE' });
  expect((await expectStatus(sim, 200, 'getCustomerUsages', { path: { domainId }, query: { year: 2026, month: 3, productGroupId: 'ROGER' } })).usages).toEqual([]);
  expect((await call(sim, 'getCustomerUsages', { path: { domainId }, query: { year: 2026, month: 13 } })).body.code).toBe('INVALID_PARAMETER');
});

test('the 1st of the month issues an invoice for the previous month with per-customer lines, paged', async () => {
  const customers = Array.from({ length: 3 }, (_, i) => ({
    domain: `bill${i}.example`,
    companyName: `Bill ${i}`,
    activated: true,
    memberCount: 2,
    subscriptions: [{ productId: 'STD', plan: 'MONTHLY' }],
  }));
  customers.push({ domain: 'annual.example', companyName: 'Annual', activated: true, memberCount: 1, subscriptions: [{ productId: 'ADV', plan: 'ANNUAL_LICENSE', licenseCount: 5, planStartDate: '2026-01-01' } as never] });
  const ids = (await control(sim, 'POST', '/seed', { customers })).body.domainIds;
  await expectStatus(sim, 200, 'patchCustomer', { path: { domainId: ids[0] }, body: { partnership: { customerCode: 'CODE-0' } } });
  expect((await expectStatus(sim, 200, 'listInvoices', { query: { year: 2026 } })).invoices).toEqual([]);
  expect((await call(sim, 'listInvoiceDetails', { query: { year: 2026, month: 3 } })).status).toBe(404);
  // Cancelling the annual contract early costs a penalty that shows on the invoice.
  await control(sim, 'POST', '/clock/advance', { days: 10 });
  expect((await call(sim, 'cancelSubscription', { path: { domainId: ids[3], subscriptionId: 1004 } })).status).toBe(204);
  await control(sim, 'PUT', '/clock', { now: '2026-03-31T15:00:00Z' });

  const [invoice] = (await expectStatus(sim, 200, 'listInvoices', { query: { year: 2026 } })).invoices;
  expect(invoice).toMatchObject({ invoiceYear: 2026, invoiceMonth: 3, taxRate: 10, paymentStatus: 'UNPAID', issuedTime: '2026-04-01T00:00:00.000Z' });
  expect(invoice.totalAmount).toBe(invoice.usedAmount + invoice.usedTaxAmount + invoice.optionPlusAmount + invoice.optionPlusTaxAmount + invoice.penaltyAmount);
  expect(invoice.penaltyAmount).toBeGreaterThan(0);

  const first = await expectStatus(sim, 200, 'listInvoiceDetails', { query: { year: 2026, month: 3, count: 3 } });
  expect(first.invoiceDetails).toHaveLength(3);
  expect(first.invoiceDetails[0]).toMatchObject({ domainId: ids[0], domain: 'bill0.example', customerName: 'Bill 0', customerCode: 'CODE-0' });
  const items = first.invoiceDetails[0].settlementItems;
  expect(items[0]).toMatchObject({ itemType: 'PRODUCT', itemId: 'STD', plan: 'MONTHLY', startDate: '2026-03-11', endDate: '2026-03-31', memberCount: 2 });
  expect(items.at(-1)).toMatchObject({ itemType: 'SUMMARY', amount: items[0].amount });
  const rest = await expectStatus(sim, 200, 'listInvoiceDetails', { query: { year: 2026, month: 3, count: 3, cursor: first.responseMetaData.nextCursor } });
  expect(rest.invoiceDetails.map((d: { domain: string }) => d.domain)).toEqual(['annual.example']);
  expect(rest.invoiceDetails[0].settlementItems.map((i: { itemType: string }) => i.itemType)).toEqual(['PRODUCT', 'SUMMARY', 'PENALTY']);
  expect(rest.responseMetaData.nextCursor).toBeUndefined();
  expect((await call(sim, 'listInvoiceDetails', { query: { year: 2026, month: 3, count: 21 } })).body.code).toBe('INVALID_PARAMETER');
  expect((await call(sim, 'listInvoices', {})).body.code).toBe('MISSING_PARAMETER');
});
