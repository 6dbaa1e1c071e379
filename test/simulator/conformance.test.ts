// Every one of the 52 operations answered with success by the simulator, each answer checked against openapi.yaml
// (status listed for the operation, body valid against its response schema). The call helper throws on any
// mismatch, so this walk fails at the first answer that does not match the spec.
import { OPERATIONS, type OperationId } from '../../partner-api/operations.js';
import { answered, call, control, CUSTOMER, expectStatus, startTestSim, type RunningSim } from './support/api.js';
import { operationIds } from './support/openapi.js';

let sim: RunningSim;

beforeAll(async () => {
  sim = await startTestSim({ transferDelayMs: 1000, upgradeDurationMs: 1000 });
});
afterAll(async () => sim?.app.close());

test('the operation table matches openapi.yaml', () => {
  expect(Object.keys(OPERATIONS).sort()).toEqual(operationIds().sort());
  expect(operationIds()).toHaveLength(52);
});

test('all 52 operations answer with a documented success status and a schema-valid body', async () => {
  const ok = (status: number, operationId: OperationId, options = {}) => expectStatus(sim, status, operationId, options);
  await control(sim, 'POST', '/seed', { potentialCustomers: [{ domain: 'direct.example', partnerCode: 'P1', productIds: ['FR'] }] });

  // Customers and domains.
  await ok(200, 'verifyDomain', { body: { domain: 'walk.by-works.com' } });
  const group = await ok(201, 'createCustomer', { body: { ...CUSTOMER, domain: 'walk.by-works.com' } });
  const domainId = group.domainId;
  const own = await ok(201, 'createCustomer', { body: { ...CUSTOMER, domain: 'own.example' } });
  await ok(200, 'listCustomers', { query: { count: 1 } });
  await ok(200, 'getCustomer', { path: { domainId } });
  await ok(200, 'replaceCustomer', { path: { domainId }, body: { ...CUSTOMER } });
  await ok(200, 'patchCustomer', { path: { domainId }, body: { companyName: 'Walk' } });
  await ok(201, 'addUpgradeDomain', { path: { domainId }, body: { domain: 'walk.example' } });
  await ok(200, 'getUpgradeDomain', { path: { domainId } });
  await ok(204, 'deleteUpgradeDomain', { path: { domainId } });
  await ok(201, 'addUpgradeDomain', { path: { domainId }, body: { domain: 'walk.example' } });
  await control(sim, 'PUT', '/dns/walk.example', { verified: true });
  await control(sim, 'PUT', '/dns/own.example', { verified: true });
  await ok(200, 'activateCustomer', { path: { domainId: own.domainId } });
  await ok(204, 'changeDomain', { path: { domainId }, body: { domain: 'walk.example' } });
  await ok(200, 'getPotentialCustomer', { path: { domain: 'direct.example' }, query: { partnerCode: 'P1' } });
  await ok(202, 'transferPotentialCustomer', { path: { domain: 'direct.example' }, body: { partnerCode: 'P1', enablePartnerProfileDisplay: true } });

  // Usage status.
  await ok(200, 'getUsageStatus', { path: { domainId } });
  await ok(200, 'patchUsageStatus', { path: { domainId }, body: { maxMemberCount: 10, withdrawalDate: null } });
  await ok(201, 'addUsageStatusRenewal', { path: { domainId }, body: { applyDate: '2026-04-01', maxMemberCount: 20 } });
  await ok(200, 'patchUsageStatusRenewal', { path: { domainId }, body: { applyDate: '2026-04-02' } });
  await ok(204, 'deleteUsageStatusRenewal', { path: { domainId } });

  // Subscriptions.
  const trial = await ok(201, 'addSubscription', { path: { domainId }, body: { productId: 'STD_T', plan: 'TRIAL' } });
  const sub = { domainId, subscriptionId: trial.subscriptionId };
  await ok(200, 'listSubscriptions', { path: { domainId } });
  await ok(200, 'getSubscription', { path: sub });
  await ok(201, 'addSubscriptionReservation', { path: sub, body: { type: 'START_PAID_SERVICE', applyDate: '2026-03-20', plan: 'ANNUAL_LICENSE', licenseCount: 5 } });
  await ok(200, 'getSubscriptionReservation', { path: sub });
  await ok(200, 'patchSubscriptionReservation', { path: sub, body: { applyDate: '2026-03-21' } });
  await ok(204, 'deleteSubscriptionReservation', { path: sub });
  await ok(200, 'convertSubscriptionToPaid', { path: sub, body: { plan: 'ANNUAL_LICENSE', licenseCount: 5 } });
  await ok(200, 'addLicenseCount', { path: sub, body: { addLicenseCount: 2 } });
  await ok(200, 'getSubscriptionRenewal', { path: sub });
  await ok(200, 'patchSubscriptionRenewal', { path: sub, body: { type: 'CHANGE', licenseCount: 3 } });
  await ok(201, 'upgradeSubscription', { path: sub, body: { productId: 'ADV' } });
  await ok(201, 'addSubscriptionPreOrder', { path: { domainId }, body: { productId: 'NTA_SL', plan: 'MONTHLY', applyDate: '2026-03-15' } });
  const { subscriptionPreOrders } = await ok(200, 'listSubscriptionPreOrders', { path: { domainId } });
  await ok(200, 'patchSubscriptionPreOrder', { path: { domainId, preOrderId: subscriptionPreOrders[0].preOrderId }, body: { applyDate: '2026-03-16' } });
  await ok(204, 'deleteSubscriptionPreOrder', { path: { domainId, preOrderId: subscriptionPreOrders[0].preOrderId } });
  await control(sim, 'POST', '/clock/advance', { seconds: 1 });
  expect((await ok(200, 'getSubscription', { path: sub })).status).toBe('ACTIVE');

  // Options.
  await ok(201, 'addOptionProduct', { path: { domainId }, body: { optionProductId: 'SSTG2', subOptionId: 'SSTG201' } });
  await ok(201, 'addOptionProduct', { path: { domainId }, body: { optionProductId: 'CST_S', subOptionId: 'CST_S01', quantity: 1 } });
  await ok(200, 'listOptionProducts', { path: { domainId } });
  await ok(200, 'upgradeOptionProduct', { path: { domainId, optionProductId: 'SSTG2' }, body: { subOptionId: 'SSTG202' } });
  await ok(200, 'addOptionProductQuantity', { path: { domainId, optionProductId: 'CST_S' }, body: { quantity: 1 } });
  await ok(200, 'getOptionProductRenewal', { path: { domainId, optionProductId: 'SSTG2' } });
  await ok(200, 'patchOptionProductRenewal', { path: { domainId, optionProductId: 'SSTG2' }, body: { type: 'CHANGE', subOptionId: 'SSTG201' } });
  await ok(201, 'addOptionProductOrders', { path: { domainId }, body: { optionProductId: 'ACV2', subOptionId: 'ACV201', type: 'APPLY', applyDate: '2026-03-12' } });
  await ok(200, 'listOptionProductOrders', { path: { domainId } });
  await ok(200, 'getOptionProductOrder', { path: { domainId, optionProductId: 'ACV2' } });
  await ok(200, 'patchOptionProductOrder', { path: { domainId, optionProductId: 'ACV2' }, body: { applyDate: '2026-03-13' } });
  await ok(204, 'deleteOptionProductOrder', { path: { domainId, optionProductId: 'ACV2' } });
  await ok(204, 'cancelOptionProduct', { path: { domainId, optionProductId: 'CST_S' } });

  // Metering and billing, after the month turns.
  await control(sim, 'PUT', '/clock', { now: '2026-03-31T15:00:00Z' });
  await ok(200, 'getCustomerUsages', { path: { domainId }, query: { year: 2026, month: 3 } });
  await ok(200, 'listOptionProductUsages', { path: { domainId }, query: { year: 2026, month: 3 } });
  await ok(200, 'listInvoices', { query: { year: 2026 } });
  await ok(200, 'listInvoiceDetails', { query: { year: 2026, month: 3 } });
  expect((await ok(200, 'listCustomers')).customers.map((c: { domain: string }) => c.domain)).toContain('direct.example');

  await ok(204, 'cancelSubscription', { path: sub });
  await ok(204, 'deleteCustomer', { path: { domainId } });

  const missing = Object.keys(OPERATIONS).filter((id) => ![...(answered.get(id as OperationId) ?? [])].some((s) => s >= 200 && s < 300));
  expect(missing).toEqual([]);
});

test('error answers of every operation are {code, description} with a status the spec allows', async () => {
  // An unknown customer (or tenant) for every operation that names one; invalid input for the others.
  for (const operationId of Object.keys(OPERATIONS) as OperationId[]) {
    const template = OPERATIONS[operationId].path;
    const path = { domainId: 1, subscriptionId: 1, preOrderId: 1, optionProductId: 'ACV2', domain: 'nobody.example' };
    const method = OPERATIONS[operationId].method;
    const body = method === 'GET' || method === 'DELETE' ? undefined : template.includes('{') ? {} : { nothing: true };
    const answer = await call(sim, operationId, { path, query: { partnerCode: 'x', count: 0 }, body });
    expect(answer.status).toBeGreaterThanOrEqual(400);
  }
});
