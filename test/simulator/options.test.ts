// Options over real HTTP: immediate changes, scheduled tasks with their windows, renewal, limits and usage rows.
// The clock is frozen at 2026-03-10 (Asia/Tokyo) at the start of each test.
import { call, control, expectStatus, startTestSim, type RunningSim } from './support/api.js';

let sim: RunningSim;

beforeAll(async () => {
  sim = await startTestSim();
});
afterAll(async () => sim?.app.close());
beforeEach(async () => {
  await control(sim, 'POST', '/reset');
});

async function seed(customer: Record<string, unknown>): Promise<number> {
  const seeded = await control(sim, 'POST', '/seed', { customers: [{ domain: 'opt.example', companyName: 'Opt', activated: true, ...customer }] });
  if (seeded.status !== 201) throw new Error(JSON.stringify(seeded.body));
  return seeded.body.domainIds[0];
}

const paidStd = { subscriptions: [{ productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 10, planStartDate: '2026-01-01' }] };

test('buy: eligible base plans only, trial base takes trial options, one per family, quantity rules', async () => {
  const trialId = await seed({ subscriptions: [{ productId: 'STD_T', plan: 'TRIAL' }] });
  const path = { domainId: trialId };
  expect((await call(sim, 'addOptionProduct', { path, body: { optionProductId: 'ACV2', subOptionId: 'ACV201' } })).body.description).toContain('trial');
  expect((await call(sim, 'addOptionProduct', { path, body: { optionProductId: 'SSTG2', subOptionId: 'SSTG201' } })).body.description).toContain('STD, ADV');
  expect((await call(sim, 'addOptionProduct', { path, body: { optionProductId: 'ACV3', subOptionId: 'ACV300' } })).status).toBe(400);
  const added = await expectStatus(sim, 201, 'addOptionProduct', { path, body: { optionProductId: 'ACV2', subOptionId: 'ACV200' } });
  expect(added).toMatchObject({ optionProductId: 'ACV2', subOptionId: 'ACV200', quantity: null, plan: 'TRIAL', planStartDate: '2026-03-10', appliedTime: '2026-03-10T01:00:00.000Z' });
  expect((await call(sim, 'addOptionProduct', { path, body: { optionProductId: 'ACV2', subOptionId: 'ACV200' } })).status).toBe(409);

  const paidId = await seed({ domain: 'paid.example', ...paidStd });
  const paid = { domainId: paidId };
  expect((await call(sim, 'addOptionProduct', { path: paid, body: { optionProductId: 'CST_S', subOptionId: 'CST_S01' } })).body.code).toBe('MISSING_PARAMETER');
  expect((await call(sim, 'addOptionProduct', { path: paid, body: { optionProductId: 'CST_S', subOptionId: 'CST_S01', quantity: 51 } })).body.code).toBe('OUT_OF_RANGE');
  expect((await call(sim, 'addOptionProduct', { path: paid, body: { optionProductId: 'ACV2', subOptionId: 'ACV201', quantity: 2 } })).status).toBe(400);
  expect((await call(sim, 'addOptionProduct', { path: paid, body: { optionProductId: 'DRV', subOptionId: 'DRV_PA' } })).body.description).toContain('does not fit');
  const cx = await expectStatus(sim, 201, 'addOptionProduct', { path: paid, body: { optionProductId: 'CST_S', subOptionId: 'CST_S01', quantity: 3 } });
  expect(cx).toMatchObject({ quantity: 3, plan: 'ANNUAL_LICENSE', planEndDate: '2026-12-31' });
  expect((await expectStatus(sim, 200, 'listOptionProducts', { path: paid })).optionProducts).toHaveLength(1);
});

test('upgrade to a higher tier now; add quantity is a delta within the limit; cancel of an annual option blocks re-buy until next month', async () => {
  const domainId = await seed({ ...paidStd, options: [{ optionProductId: 'SSTG2', subOptionId: 'SSTG202' }, { optionProductId: 'CST_M', subOptionId: 'CST_M01', quantity: 40 }] });
  const sstg = { domainId, optionProductId: 'SSTG2' };
  expect((await call(sim, 'upgradeOptionProduct', { path: sstg, body: { subOptionId: 'SSTG201' } })).body.description).toContain('downgrades happen at renewal');
  expect(await expectStatus(sim, 200, 'upgradeOptionProduct', { path: sstg, body: { subOptionId: 'SSTG204' } })).toMatchObject({ subOptionId: 'SSTG204' });
  expect((await call(sim, 'upgradeOptionProduct', { path: { domainId, optionProductId: 'CST_M' }, body: { subOptionId: 'CST_M01' } })).status).toBe(400);

  const cst = { domainId, optionProductId: 'CST_M' };
  expect((await expectStatus(sim, 200, 'addOptionProductQuantity', { path: cst, body: { quantity: 5 } })).quantity).toBe(45);
  expect((await expectStatus(sim, 200, 'addOptionProductQuantity', { path: cst, body: { quantity: 5 } })).quantity).toBe(50);
  expect((await call(sim, 'addOptionProductQuantity', { path: cst, body: { quantity: 1 } })).body.code).toBe('OUT_OF_RANGE');
  expect((await call(sim, 'addOptionProductQuantity', { path: sstg, body: { quantity: 1 } })).status).toBe(400);

  expect((await call(sim, 'cancelOptionProduct', { path: sstg })).status).toBe(204);
  expect((await call(sim, 'cancelOptionProduct', { path: sstg })).status).toBe(404);
  expect((await call(sim, 'addOptionProduct', { path: { domainId }, body: { optionProductId: 'SSTG2', subOptionId: 'SSTG201' } })).body.description).toContain('2026-04-01');
  await control(sim, 'PUT', '/clock', { now: '2026-03-31T15:00:00Z' });
  expect((await call(sim, 'addOptionProduct', { path: { domainId }, body: { optionProductId: 'SSTG2', subOptionId: 'SSTG201' } })).status).toBe(201);
});

test('scheduled tasks: one per option, windows per type, buying now removes the task, applied on their date', async () => {
  const domainId = await seed({ ...paidStd, options: [{ optionProductId: 'BCT', subOptionId: 'BCT01' }, { optionProductId: 'CST_S', subOptionId: 'CST_S01', quantity: 2 }] });
  const path = { domainId };
  // APPLY on a paid base: tomorrow to planEndDate + 1 day.
  expect((await call(sim, 'addOptionProductOrders', { path, body: { optionProductId: 'ACV2', subOptionId: 'ACV201', type: 'APPLY', applyDate: '2027-01-02' } })).body.code).toBe('OUT_OF_RANGE');
  const apply = await expectStatus(sim, 201, 'addOptionProductOrders', { path, body: { optionProductId: 'ACV2', subOptionId: 'ACV201', type: 'APPLY', applyDate: '2026-03-12' } });
  expect(apply).toEqual({ subscriptionId: 1001, optionProductId: 'ACV2', subOptionId: 'ACV201', type: 'APPLY', quantity: null, applyDate: '2026-03-12' });
  expect((await call(sim, 'addOptionProductOrders', { path, body: { optionProductId: 'ACV2', subOptionId: 'ACV201', type: 'APPLY', applyDate: '2026-03-13' } })).status).toBe(409);
  // MODIFY is an upgrade of SSTG2/BCT only; CHANGE_QUANTITY only on the 1st of next month.
  expect((await call(sim, 'addOptionProductOrders', { path, body: { optionProductId: 'BCT', subOptionId: 'BCT01', type: 'MODIFY', applyDate: '2026-03-12' } })).status).toBe(400);
  await expectStatus(sim, 201, 'addOptionProductOrders', { path, body: { optionProductId: 'BCT', subOptionId: 'BCT03', type: 'MODIFY', applyDate: '2026-03-12' } });
  expect((await call(sim, 'addOptionProductOrders', { path, body: { optionProductId: 'CST_S', type: 'CHANGE_QUANTITY', quantity: 5, applyDate: '2026-03-12' } })).body.code).toBe('OUT_OF_RANGE');
  await expectStatus(sim, 201, 'addOptionProductOrders', { path, body: { optionProductId: 'CST_S', type: 'CHANGE_QUANTITY', quantity: 5, applyDate: '2026-04-01' } });
  expect((await expectStatus(sim, 200, 'listOptionProductOrders', { path })).optionProductOrders).toHaveLength(3);
  expect(await expectStatus(sim, 200, 'getOptionProductOrder', { path: { domainId, optionProductId: 'BCT' } })).toMatchObject({ type: 'MODIFY', subOptionId: 'BCT03' });
  expect((await call(sim, 'getOptionProductOrder', { path: { domainId, optionProductId: 'DRV' } })).status).toBe(404);
  expect((await call(sim, 'patchOptionProductOrder', { path: { domainId, optionProductId: 'BCT' }, body: { applyDate: '2027-01-05' } })).body.code).toBe('OUT_OF_RANGE');
  expect(await expectStatus(sim, 200, 'patchOptionProductOrder', { path: { domainId, optionProductId: 'BCT' }, body: { applyDate: '2026-03-11', subOptionId: 'BCT04' } })).toMatchObject({ applyDate: '2026-03-11', subOptionId: 'BCT04' });

  // Buying ACV2 now removes its scheduled APPLY.
  await expectStatus(sim, 201, 'addOptionProduct', { path, body: { optionProductId: 'ACV2', subOptionId: 'ACV201' } });
  expect((await call(sim, 'getOptionProductOrder', { path: { domainId, optionProductId: 'ACV2' } })).status).toBe(404);

  await control(sim, 'PUT', '/clock', { now: '2026-03-31T15:00:00Z' });
  const options = (await expectStatus(sim, 200, 'listOptionProducts', { path })).optionProducts;
  expect(options.find((o: { optionProductId: string }) => o.optionProductId === 'BCT').subOptionId).toBe('BCT04');
  expect(options.find((o: { optionProductId: string }) => o.optionProductId === 'CST_S').quantity).toBe(5);
  expect((await expectStatus(sim, 200, 'listOptionProductOrders', { path })).optionProductOrders).toEqual([]);

  await expectStatus(sim, 201, 'addOptionProductOrders', { path, body: { optionProductId: 'ACV2', type: 'CANCEL', applyDate: '2026-04-05' } });
  expect((await call(sim, 'deleteOptionProductOrder', { path: { domainId, optionProductId: 'ACV2' } })).status).toBe(204);
  expect((await call(sim, 'deleteOptionProductOrder', { path: { domainId, optionProductId: 'ACV2' } })).status).toBe(404);
});

test('a trial base schedules paid options only with its paid conversion, on the same date', async () => {
  const domainId = await seed({ subscriptions: [{ productId: 'STD_T', plan: 'TRIAL' }], options: [{ optionProductId: 'ACV2', subOptionId: 'ACV200' }] });
  const path = { domainId };
  expect((await call(sim, 'addOptionProductOrders', { path, body: { optionProductId: 'DRV', subOptionId: 'DRV01', type: 'APPLY', applyDate: '2026-03-20' } })).body.description).toContain('paid conversion');
  expect((await call(sim, 'addOptionProductOrders', { path, body: { optionProductId: 'ACV2', type: 'CANCEL', applyDate: '2026-03-20' } })).status).toBe(400);
  await expectStatus(sim, 201, 'addSubscriptionReservation', { path: { domainId, subscriptionId: 1001 }, body: { type: 'START_PAID_SERVICE', applyDate: '2026-03-20', plan: 'MONTHLY' } });
  expect((await call(sim, 'addOptionProductOrders', { path, body: { optionProductId: 'DRV', subOptionId: 'DRV01', type: 'APPLY', applyDate: '2026-03-21' } })).body.code).toBe('OUT_OF_RANGE');
  await expectStatus(sim, 201, 'addOptionProductOrders', { path, body: { optionProductId: 'DRV', subOptionId: 'DRV01', type: 'APPLY', applyDate: '2026-03-20' } });
  await control(sim, 'PUT', '/clock', { now: '2026-03-19T15:00:00Z' });
  const options = (await expectStatus(sim, 200, 'listOptionProducts', { path })).optionProducts;
  expect(options.map((o: { subOptionId: string; plan: string }) => [o.subOptionId, o.plan]).sort()).toEqual([['ACV201', 'MONTHLY'], ['DRV01', 'MONTHLY']]);
});

test('renewal: STAY or CHANGE (downgrade SSTG2/BCT, quantity for CX Talk); one-month add-ons cannot change; applied at renewal', async () => {
  const domainId = await seed({
    subscriptions: [{ productId: 'STD', plan: 'MONTHLY' }, { productId: 'NTA_SL', plan: 'MONTHLY' }],
    options: [{ optionProductId: 'SSTG2', subOptionId: 'SSTG203' }, { optionProductId: 'CST_L', subOptionId: 'CST_L01', quantity: 4 }, { optionProductId: 'QTA_O1', subOptionId: 'QTA_O1', quantity: 2 }],
  });
  const sstg = { domainId, optionProductId: 'SSTG2' };
  expect(await expectStatus(sim, 200, 'getOptionProductRenewal', { path: sstg })).toEqual({ subscriptionId: expect.any(Number), optionProductId: 'SSTG2', subOptionId: 'SSTG203', type: 'STAY', quantity: null });
  expect(await expectStatus(sim, 200, 'patchOptionProductRenewal', { path: sstg, body: { type: 'CHANGE', subOptionId: 'SSTG201' } })).toMatchObject({ type: 'CHANGE', subOptionId: 'SSTG201' });
  const cst = { domainId, optionProductId: 'CST_L' };
  expect((await call(sim, 'patchOptionProductRenewal', { path: cst, body: { type: 'CHANGE', subOptionId: 'CST_L00' } })).status).toBe(400);
  expect(await expectStatus(sim, 200, 'patchOptionProductRenewal', { path: cst, body: { type: 'CHANGE', quantity: 1 } })).toMatchObject({ type: 'CHANGE', quantity: 1 });
  expect((await call(sim, 'patchOptionProductRenewal', { path: { domainId, optionProductId: 'QTA_O1' }, body: { type: 'CHANGE', quantity: 1 } })).body.description).toContain('one-month');
  await control(sim, 'PUT', '/clock', { now: '2026-03-31T15:00:00Z' });
  const options = (await expectStatus(sim, 200, 'listOptionProducts', { path: { domainId } })).optionProducts;
  expect(options.map((o: { optionProductId: string; subOptionId: string; quantity: number | null; planStartDate: string }) => [o.optionProductId, o.subOptionId, o.quantity, o.planStartDate]).sort()).toEqual([
    ['CST_L', 'CST_L01', 1, '2026-04-01'],
    ['SSTG2', 'SSTG201', null, '2026-04-01'],
  ]);
  expect((await expectStatus(sim, 200, 'getOptionProductRenewal', { path: sstg })).type).toBe('STAY');
});

test('option usage is metered daily from state', async () => {
  const domainId = await seed({ ...paidStd, memberCount: 6, options: [{ optionProductId: 'ACV2', subOptionId: 'ACV201' }] });
  await control(sim, 'POST', '/clock/advance', { days: 3 });
  const { optionProductUsages } = await expectStatus(sim, 200, 'listOptionProductUsages', { path: { domainId }, query: { year: 2026, month: 3 } });
  expect(optionProductUsages.map((u: { usedDate: string }) => u.usedDate)).toEqual(['2026-03-11', '2026-03-12', '2026-03-13']);
  expect(optionProductUsages[0]).toMatchObject({ productGroupId: 'WORKS', optionProductId: 'ACV2', subOptionId: 'ACV201', plan: 'ANNUAL_LICENSE', memberCount: 6 });
  expect((await expectStatus(sim, 200, 'listOptionProductUsages', { path: { domainId }, query: { year: 2026, month: 3, productGroupId: 'NOTE_AI' } })).optionProductUsages).toEqual([]);
  expect((await call(sim, 'listOptionProductUsages', { path: { domainId }, query: { year: 2026 } })).body.code).toBe('MISSING_PARAMETER');
});
