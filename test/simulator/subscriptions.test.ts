// Subscriptions over real HTTP: products and plans, immediate changes, pre-orders, reservations, renewal, and the
// documented side effects. The clock is frozen at 2026-03-10 (Asia/Tokyo) at the start of each test.
import { call, control, expectStatus, startTestSim, type RunningSim } from './support/api.js';

let sim: RunningSim;

beforeAll(async () => {
  sim = await startTestSim({ upgradeDurationMs: 30_000 });
});
afterAll(async () => sim?.app.close());
beforeEach(async () => {
  await control(sim, 'POST', '/reset');
});

async function seed(customer: Record<string, unknown>): Promise<number> {
  const seeded = await control(sim, 'POST', '/seed', { customers: [{ domain: 'sub.example', companyName: 'Sub', activated: true, memberCount: 3, ...customer }] });
  if (seeded.status !== 201) throw new Error(JSON.stringify(seeded.body));
  return seeded.body.domainIds[0];
}

const advanceTo = (iso: string) => control(sim, 'PUT', '/clock', { now: iso });

test('add: free/trial first, one per product group, paid only after free/trial, plan and license rules', async () => {
  const domainId = await seed({});
  const path = { domainId };
  expect((await call(sim, 'addSubscription', { path, body: { productId: 'STD', plan: 'MONTHLY' } })).body.description).toContain('free or trial');
  expect((await call(sim, 'addSubscription', { path, body: { productId: 'STD_T', plan: 'MONTHLY' } })).status).toBe(400);
  expect((await call(sim, 'addSubscription', { path, body: { productId: 'NOPE', plan: 'FREE' } })).status).toBe(400);
  const trial = await expectStatus(sim, 201, 'addSubscription', { path, body: { productId: 'STD_T', plan: 'TRIAL' } });
  expect(trial).toMatchObject({ domainId, productId: 'STD_T', plan: 'TRIAL', planStartDate: '2026-03-10', planEndDate: '2026-04-08', licenseCount: null, status: 'ACTIVE', renewal: null });
  expect((await call(sim, 'addSubscription', { path, body: { productId: 'ADV_T', plan: 'TRIAL' } })).status).toBe(409);
  const roger = await expectStatus(sim, 201, 'addSubscription', { path, body: { productId: 'ROG_FR', plan: 'FREE_LICENSE' } });
  expect(roger).toMatchObject({ licenseAssignType: 'AUTO', licenseCount: 3, planEndDate: null });
  expect((await expectStatus(sim, 200, 'listSubscriptions', { path })).subscriptions).toHaveLength(2);
  expect((await call(sim, 'getSubscription', { path: { domainId, subscriptionId: 9999 } })).body.code).toBe('SUBSCRIPTION_NOT_EXIST');

  // Advanced (trial included) needs the tenant on a domain.
  const [groupId] = (await control(sim, 'POST', '/seed', { customers: [{ domain: 'grp.by-works.com', companyName: 'G' }] })).body.domainIds;
  expect((await call(sim, 'addSubscription', { path: { domainId: groupId }, body: { productId: 'ADV_T', plan: 'TRIAL' } })).body.description).toContain('domain');
});

test('paid conversion: from trial keeps the tier (plan only), from free needs productId; license count >= members; reservations go', async () => {
  const domainId = await seed({ subscriptions: [{ productId: 'STD_T', plan: 'TRIAL' }] });
  const path = { domainId, subscriptionId: 1001 };
  await expectStatus(sim, 201, 'addSubscriptionReservation', { path, body: { type: 'START_PAID_SERVICE', applyDate: '2026-03-20', plan: 'MONTHLY' } });
  expect((await call(sim, 'convertSubscriptionToPaid', { path, body: { plan: 'MONTHLY', productId: 'ADV' } })).status).toBe(400);
  expect((await call(sim, 'convertSubscriptionToPaid', { path, body: { plan: 'ANNUAL_LICENSE', licenseCount: 2 } })).body.code).toBe('OUT_OF_RANGE');
  const paid = await expectStatus(sim, 200, 'convertSubscriptionToPaid', { path, body: { plan: 'ANNUAL_LICENSE', licenseCount: 3 } });
  expect(paid).toMatchObject({ productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 3, planStartDate: '2026-03-10', planEndDate: '2027-03-09', renewal: { subscriptionId: 1001, type: 'STAY', productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 3 } });
  expect((await call(sim, 'getSubscriptionReservation', { path })).status).toBe(404);
  expect((await call(sim, 'convertSubscriptionToPaid', { path, body: { plan: 'MONTHLY' } })).body.description).toContain('already');

  const freeId = await control(sim, 'POST', '/seed', { customers: [{ domain: 'free.example', companyName: 'F', activated: true, subscriptions: [{ productId: 'FR', plan: 'FREE' }] }] });
  const freePath = { domainId: freeId.body.domainIds[0], subscriptionId: 1002 };
  expect((await call(sim, 'convertSubscriptionToPaid', { path: freePath, body: { plan: 'MONTHLY' } })).body.code).toBe('MISSING_PARAMETER');
  expect(await expectStatus(sim, 200, 'convertSubscriptionToPaid', { path: freePath, body: { plan: 'MONTHLY', productId: 'ADV' } })).toMatchObject({ productId: 'ADV', plan: 'MONTHLY', planEndDate: '2026-03-31', licenseCount: null });
});

test('upgrade runs in the background (UPGRADING) and drops Drive for STD and a renewal targeting the new tier', async () => {
  const domainId = await seed({ subscriptions: [{ productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 5 }], options: [{ optionProductId: 'DRV', subOptionId: 'DRV01' }, { optionProductId: 'ACV2', subOptionId: 'ACV201' }] });
  const path = { domainId, subscriptionId: 1001 };
  await expectStatus(sim, 200, 'patchSubscriptionRenewal', { path, body: { type: 'CHANGE', productId: 'ADV' } });
  expect((await call(sim, 'upgradeSubscription', { path, body: { productId: 'ROG_ADV' } })).status).toBe(400);
  const upgrading = await expectStatus(sim, 201, 'upgradeSubscription', { path, body: { productId: 'ADV' } });
  expect(upgrading).toMatchObject({ productId: 'STD', status: 'UPGRADING' });
  expect((await call(sim, 'addLicenseCount', { path, body: { addLicenseCount: 1 } })).body.description).toContain('being upgraded');
  expect((await call(sim, 'upgradeSubscription', { path, body: { productId: 'ADV' } })).body.description).toContain('being upgraded');
  await control(sim, 'POST', '/clock/advance', { seconds: 30 });
  expect(await expectStatus(sim, 200, 'getSubscription', { path })).toMatchObject({ productId: 'ADV', status: 'ACTIVE', renewal: { type: 'STAY', productId: 'ADV' } });
  const options = (await expectStatus(sim, 200, 'listOptionProducts', { path: { domainId } })).optionProducts;
  expect(options.map((o: { optionProductId: string }) => o.optionProductId)).toEqual(['ACV2']);
  expect((await call(sim, 'upgradeSubscription', { path, body: { productId: 'ADV' } })).body.description).toContain('no higher tier');
});

test('add licenses is a delta (a retry adds again) and deletes a scheduled ADD_LICENSE', async () => {
  const domainId = await seed({ subscriptions: [{ productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 10 }] });
  const path = { domainId, subscriptionId: 1001 };
  await expectStatus(sim, 201, 'addSubscriptionReservation', { path, body: { type: 'ADD_LICENSE', applyDate: '2026-04-01', licenseCount: 5 } });
  expect((await expectStatus(sim, 200, 'addLicenseCount', { path, body: { addLicenseCount: 2 } })).licenseCount).toBe(12);
  expect((await expectStatus(sim, 200, 'addLicenseCount', { path, body: { addLicenseCount: 2 } })).licenseCount).toBe(14);
  expect((await call(sim, 'getSubscriptionReservation', { path })).status).toBe(404);
  expect((await expectStatus(sim, 200, 'getSubscriptionRenewal', { path })).licenseCount).toBe(14);
  expect((await call(sim, 'addLicenseCount', { path, body: { addLicenseCount: 0 } })).status).toBe(400);
  const monthly = await seed({ domain: 'monthly.example', subscriptions: [{ productId: 'STD', plan: 'MONTHLY' }] });
  expect((await call(sim, 'addLicenseCount', { path: { domainId: monthly, subscriptionId: 1002 }, body: { addLicenseCount: 1 } })).status).toBe(400);
});

test('cancel now: refused while a paid conversion is scheduled; options of the product end with it', async () => {
  const domainId = await seed({ subscriptions: [{ productId: 'STD_T', plan: 'TRIAL' }], options: [{ optionProductId: 'ACV2', subOptionId: 'ACV200' }] });
  const path = { domainId, subscriptionId: 1001 };
  await expectStatus(sim, 201, 'addSubscriptionReservation', { path, body: { type: 'START_PAID_SERVICE', applyDate: '2026-03-11', plan: 'MONTHLY' } });
  expect((await call(sim, 'cancelSubscription', { path })).body.description).toContain('paid conversion is scheduled');
  expect((await call(sim, 'deleteSubscriptionReservation', { path })).status).toBe(204);
  expect((await call(sim, 'cancelSubscription', { path })).status).toBe(204);
  expect((await expectStatus(sim, 200, 'listOptionProducts', { path: { domainId } })).optionProducts).toEqual([]);
  expect((await call(sim, 'cancelSubscription', { path })).status).toBe(404);
});

test('pre-orders: paid only, tomorrow to +31 days, a new one per call, applied on their date', async () => {
  const domainId = await seed({});
  const path = { domainId };
  const order = { productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 10 };
  expect((await call(sim, 'addSubscriptionPreOrder', { path, body: { ...order, productId: 'STD_T', applyDate: '2026-03-15' } })).status).toBe(400);
  for (const applyDate of ['2026-03-10', '2026-04-11']) expect((await call(sim, 'addSubscriptionPreOrder', { path, body: { ...order, applyDate } })).body.code).toBe('OUT_OF_RANGE');
  expect((await call(sim, 'addSubscriptionPreOrder', { path, body: { ...order, licenseCount: undefined, applyDate: '2026-03-15' } })).body.code).toBe('MISSING_PARAMETER');
  const created = await expectStatus(sim, 201, 'addSubscriptionPreOrder', { path, body: { ...order, applyDate: '2026-04-10' } });
  expect(created.subscriptionPreOrders).toEqual([{ preOrderId: 1, ...order, applyDate: '2026-04-10' }]);
  const again = await expectStatus(sim, 201, 'addSubscriptionPreOrder', { path, body: { ...order, applyDate: '2026-04-10' } });
  expect(again.subscriptionPreOrders[0].preOrderId).toBe(2);
  const third = await expectStatus(sim, 201, 'addSubscriptionPreOrder', { path, body: { ...order, applyDate: '2026-03-12' } });
  expect((await expectStatus(sim, 200, 'listSubscriptionPreOrders', { path })).subscriptionPreOrders).toHaveLength(3);
  expect((await call(sim, 'deleteSubscriptionPreOrder', { path: { domainId, preOrderId: 2 } })).status).toBe(204);
  expect((await call(sim, 'deleteSubscriptionPreOrder', { path: { domainId, preOrderId: 2 } })).status).toBe(404);
  expect((await call(sim, 'patchSubscriptionPreOrder', { path: { domainId, preOrderId: 1 }, body: { applyDate: '2026-03-12', plan: 'MONTHLY' } })).status).toBe(400);
  const moved = await expectStatus(sim, 200, 'patchSubscriptionPreOrder', { path: { domainId, preOrderId: 1 }, body: { applyDate: '2026-03-12' } });
  expect(moved.subscriptionPreOrders[0].applyDate).toBe('2026-03-12');
  expect((await call(sim, 'patchSubscriptionPreOrder', { path: { domainId, preOrderId: 99 }, body: { applyDate: '2026-03-12' } })).status).toBe(404);
  expect(third.subscriptionPreOrders[0].preOrderId).toBe(3);
  // Both pre-orders fall due the same day: the first starts the subscription, the duplicate lapses.
  await advanceTo('2026-03-11T15:00:00Z');
  expect((await expectStatus(sim, 200, 'listSubscriptionPreOrders', { path })).subscriptionPreOrders).toEqual([]);
  expect((await expectStatus(sim, 200, 'listSubscriptions', { path })).subscriptions).toEqual([
    expect.objectContaining({ productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 10, planStartDate: '2026-03-12', planEndDate: '2027-03-11' }),
  ]);
});

test('reservations: one per subscription, windows per type, only applyDate can move, applied on their date', async () => {
  const domainId = await seed({ subscriptions: [{ productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 10, planStartDate: '2026-01-01' }] });
  const path = { domainId, subscriptionId: 1001 };
  // Contract 2026-01-01..2026-12-31: ADD_LICENSE up to the end, CANCEL up to the day after.
  expect((await call(sim, 'addSubscriptionReservation', { path, body: { type: 'ADD_LICENSE', applyDate: '2027-01-01', licenseCount: 5 } })).body.code).toBe('OUT_OF_RANGE');
  expect((await call(sim, 'addSubscriptionReservation', { path, body: { type: 'START_PAID_SERVICE', applyDate: '2026-04-01', plan: 'MONTHLY' } })).status).toBe(400);
  expect((await call(sim, 'addSubscriptionReservation', { path, body: { type: 'CANCEL', applyDate: '2027-01-02' } })).body.code).toBe('OUT_OF_RANGE');
  const cancel = await expectStatus(sim, 201, 'addSubscriptionReservation', { path, body: { type: 'CANCEL', applyDate: '2027-01-01' } });
  expect(cancel).toEqual({ subscriptionId: 1001, type: 'CANCEL', applyDate: '2027-01-01' });
  expect((await call(sim, 'addSubscriptionReservation', { path, body: { type: 'ADD_LICENSE', applyDate: '2026-04-01', licenseCount: 5 } })).status).toBe(409);
  expect((await call(sim, 'patchSubscriptionReservation', { path, body: { applyDate: '2026-04-01', type: 'ADD_LICENSE' } })).status).toBe(400);
  expect(await expectStatus(sim, 200, 'patchSubscriptionReservation', { path, body: { applyDate: '2026-04-01' } })).toMatchObject({ applyDate: '2026-04-01' });
  expect(await expectStatus(sim, 200, 'getSubscriptionReservation', { path })).toMatchObject({ type: 'CANCEL', applyDate: '2026-04-01' });
  await call(sim, 'deleteSubscriptionReservation', { path });
  await expectStatus(sim, 201, 'addSubscriptionReservation', { path, body: { type: 'ADD_LICENSE', applyDate: '2026-03-11', licenseCount: 5 } });
  await control(sim, 'POST', '/clock/advance', { days: 1 });
  expect((await expectStatus(sim, 200, 'getSubscription', { path })).licenseCount).toBe(15);
  expect((await call(sim, 'getSubscriptionReservation', { path })).status).toBe(404);
});

test('a scheduled paid conversion converts trial options without their own task; a scheduled CANCEL takes the options with it', async () => {
  const domainId = await seed({ subscriptions: [{ productId: 'STD_T', plan: 'TRIAL' }], options: [{ optionProductId: 'ACV2', subOptionId: 'ACV200' }] });
  const path = { domainId, subscriptionId: 1001 };
  // From a trial: plan only, up to the end of the grace period.
  expect((await call(sim, 'addSubscriptionReservation', { path, body: { type: 'START_PAID_SERVICE', applyDate: '2026-03-15', plan: 'MONTHLY', productId: 'STD' } })).status).toBe(400);
  await expectStatus(sim, 201, 'addSubscriptionReservation', { path, body: { type: 'START_PAID_SERVICE', applyDate: '2026-03-15', plan: 'MONTHLY' } });
  await advanceTo('2026-03-14T15:00:00Z');
  expect(await expectStatus(sim, 200, 'getSubscription', { path })).toMatchObject({ productId: 'STD', plan: 'MONTHLY', planStartDate: '2026-03-15', planEndDate: '2026-03-31' });
  const [option] = (await expectStatus(sim, 200, 'listOptionProducts', { path: { domainId } })).optionProducts;
  expect(option).toMatchObject({ optionProductId: 'ACV2', subOptionId: 'ACV201', plan: 'MONTHLY' });
  await expectStatus(sim, 201, 'addSubscriptionReservation', { path, body: { type: 'CANCEL', applyDate: '2026-03-20' } });
  await advanceTo('2026-03-19T15:00:00Z');
  expect((await expectStatus(sim, 200, 'listSubscriptions', { path: { domainId } })).subscriptions).toEqual([]);
  expect((await expectStatus(sim, 200, 'listOptionProducts', { path: { domainId } })).optionProducts).toEqual([]);
});

test('renewal: paid only; STAY, CHANGE (downgrade, fewer licenses) and CANCEL apply the day after the contract ends', async () => {
  const domainId = await seed({
    subscriptions: [
      { productId: 'ADV', plan: 'ANNUAL_LICENSE', licenseCount: 10, planStartDate: '2025-04-01' },
      { productId: 'ROG_FR', plan: 'FREE_LICENSE' },
      { productId: 'NTA_SL', plan: 'MONTHLY' },
    ],
  });
  const adv = { domainId, subscriptionId: 1001 };
  expect(await expectStatus(sim, 200, 'getSubscriptionRenewal', { path: adv })).toEqual({ subscriptionId: 1001, type: 'STAY', productId: 'ADV', plan: 'ANNUAL_LICENSE', licenseCount: 10 });
  expect((await call(sim, 'getSubscriptionRenewal', { path: { domainId, subscriptionId: 1002 } })).status).toBe(404);
  expect((await call(sim, 'patchSubscriptionRenewal', { path: { domainId, subscriptionId: 1002 }, body: { type: 'STAY' } })).status).toBe(400);
  expect((await call(sim, 'patchSubscriptionRenewal', { path: adv, body: { type: 'CHANGE' } })).status).toBe(400);
  expect((await call(sim, 'patchSubscriptionRenewal', { path: adv, body: { type: 'CHANGE', productId: 'NTA_SL' } })).status).toBe(400);
  const change = await expectStatus(sim, 200, 'patchSubscriptionRenewal', { path: adv, body: { type: 'CHANGE', productId: 'STD', licenseCount: 4 } });
  expect(change).toEqual({ subscriptionId: 1001, type: 'CHANGE', productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 4 });
  expect(await expectStatus(sim, 200, 'patchSubscriptionRenewal', { path: { domainId, subscriptionId: 1003 }, body: { type: 'CANCEL' } })).toEqual({ subscriptionId: 1003, type: 'CANCEL' });
  await advanceTo('2026-03-31T15:00:00Z');
  const subs = (await expectStatus(sim, 200, 'listSubscriptions', { path: { domainId } })).subscriptions;
  expect(subs.map((s: { subscriptionId: number }) => s.subscriptionId)).toEqual([1001, 1002]);
  expect(subs[0]).toMatchObject({ productId: 'STD', licenseCount: 4, planStartDate: '2026-04-01', planEndDate: '2027-03-31', renewal: { type: 'STAY', productId: 'STD' } });
});

test('a trial that ends is suspended through its grace period, when options cannot be bought', async () => {
  const domainId = await seed({ subscriptions: [{ productId: 'STD_T', plan: 'TRIAL' }] });
  await advanceTo('2026-04-09T15:00:00Z');
  expect((await expectStatus(sim, 200, 'getSubscription', { path: { domainId, subscriptionId: 1001 } })).status).toBe('SUSPENDED_TRIALEND');
  expect((await call(sim, 'addOptionProduct', { path: { domainId }, body: { optionProductId: 'ACV2', subOptionId: 'ACV200' } })).body.description).toContain('grace');
  expect((await call(sim, 'upgradeSubscription', { path: { domainId, subscriptionId: 1001 }, body: { productId: 'ADV_T' } })).status).toBe(400);
  expect(await expectStatus(sim, 200, 'convertSubscriptionToPaid', { path: { domainId, subscriptionId: 1001 }, body: { plan: 'MONTHLY' } })).toMatchObject({ status: 'ACTIVE', productId: 'STD' });
});

test('the deprecated productId on customer creation starts a free or trial LINE WORKS subscription', async () => {
  const created = await expectStatus(sim, 201, 'createCustomer', {
    body: { domain: 'legacy.by-works.com', companyName: 'Legacy', phoneNumber: '03-0000-0000', timeZone: 'Asia/Tokyo', locale: 'ja_JP', productId: 'STD_T' },
  });
  expect(created.productId).toBe('STD_T');
  const { subscriptions } = await expectStatus(sim, 200, 'listSubscriptions', { path: { domainId: created.domainId } });
  expect(subscriptions).toEqual([expect.objectContaining({ productId: 'STD_T', plan: 'TRIAL', planEndDate: '2026-04-08' })]);
  expect((await call(sim, 'createCustomer', { body: { domain: 'legacy2.by-works.com', companyName: 'L', phoneNumber: '03', timeZone: 'Asia/Tokyo', locale: 'ja_JP', productId: 'STD' } })).status).toBe(400);
});
