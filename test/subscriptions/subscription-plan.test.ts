// The pure subscription planner: which mechanism each (action, when) goes through, the date windows, the
// already-done detection and the collision guard.
import { planSubscriptionChange } from '../../domain/subscriptions/subscription-plan.js';
import { change, DOMAIN_ID, freeWorks, paidStd, stateWith, TODAY, trialStd } from './fixtures.js';

describe('ADD_LICENSES', () => {
  test('now: the immediate call, guarded by before/target license counts', () => {
    const plan = planSubscriptionChange(change({ action: 'ADD_LICENSES', subscriptionId: 1021, addLicenses: 5, when: 'now' }), stateWith(paidStd), TODAY);
    expect(plan.route).toBe('IMMEDIATE');
    expect(plan.effectiveDate).toBe(TODAY);
    expect(plan.calls).toEqual([
      expect.objectContaining({
        operationId: 'addLicenseCount',
        path: { domainId: DOMAIN_ID, subscriptionId: 1021 },
        body: { addLicenseCount: 5 },
        guard: { kind: 'LICENSE_COUNT', subscriptionId: 1021, before: 10, target: 15 },
      }),
    ]);
    expect(plan.blockedBy).toEqual([]);
  });

  test('now with the count the requester saw: a repeat finds it done; a count that matches neither stops the change', () => {
    const request = { action: 'ADD_LICENSES' as const, subscriptionId: 1021, addLicenses: 5, when: 'now' };
    expect(planSubscriptionChange(change({ ...request, expectedLicenseCount: 10 }), stateWith(paidStd), TODAY).route).toBe('IMMEDIATE');
    const repeat = planSubscriptionChange(change({ ...request, expectedLicenseCount: 5 }), stateWith(paidStd), TODAY);
    expect(repeat).toMatchObject({ route: 'ALREADY_DONE', calls: [] });
    expect(repeat.reason).toContain('already has 10 licenses');
    const moved = planSubscriptionChange(change({ ...request, expectedLicenseCount: 7 }), stateWith(paidStd), TODAY);
    expect(moved).toMatchObject({ route: 'NOT_POSSIBLE', calls: [] });
    expect(moved.reason).toContain('expected 7 before adding 5');
  });

  test("today's date is the same as now", () => {
    const plan = planSubscriptionChange(change({ action: 'ADD_LICENSES', subscriptionId: 1021, addLicenses: 5, when: TODAY }), stateWith(paidStd), TODAY);
    expect(plan.route).toBe('IMMEDIATE');
  });

  test('tomorrow and the contract end date: an ADD_LICENSE reservation (window edges)', () => {
    for (const when of ['2026-03-11', '2026-05-31']) {
      const plan = planSubscriptionChange(change({ action: 'ADD_LICENSES', subscriptionId: 1021, addLicenses: 5, when }), stateWith(paidStd), TODAY);
      expect(plan.route).toBe('RESERVATION');
      expect(plan.calls[0]).toMatchObject({ operationId: 'addSubscriptionReservation', body: { type: 'ADD_LICENSE', applyDate: when, licenseCount: 5 } });
      expect(plan.reason).toContain('ADD_LICENSE window');
    }
  });

  test('the renewal date (planEndDate + 1): a renewal CHANGE to the current count plus the addition', () => {
    const plan = planSubscriptionChange(change({ action: 'ADD_LICENSES', subscriptionId: 1021, addLicenses: 5, when: '2026-06-01' }), stateWith(paidStd), TODAY);
    expect(plan.route).toBe('AT_RENEWAL');
    expect(plan.calls[0]).toMatchObject({ operationId: 'patchSubscriptionRenewal', body: { type: 'CHANGE', productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 15 } });
  });

  test('beyond the renewal date: a timer, then the immediate call on that date', () => {
    const plan = planSubscriptionChange(change({ action: 'ADD_LICENSES', subscriptionId: 1021, addLicenses: 5, when: '2026-07-15' }), stateWith(paidStd), TODAY);
    expect(plan.route).toBe('TIMER_THEN_IMMEDIATE');
    expect(plan.wakeDate).toBe('2026-07-15');
    expect(plan.calls).toEqual([]);
    expect(plan.reason).toContain('beyond the ADD_LICENSE window');
  });

  test('a subscription that is not license-based cannot take licenses', () => {
    const plan = planSubscriptionChange(change({ action: 'ADD_LICENSES', subscriptionId: 2001, addLicenses: 5 }), stateWith(trialStd), TODAY);
    expect(plan.route).toBe('NOT_POSSIBLE');
    expect(plan.reason).toContain('not license-based');
  });

  test('collision: adding now deletes a pending ADD_LICENSE reservation; proceedDespite lets it go ahead', () => {
    const reservation = { subscriptionId: 1021, type: 'ADD_LICENSE' as const, applyDate: '2026-04-01', licenseCount: 20 };
    const input = change({ action: 'ADD_LICENSES', subscriptionId: 1021, addLicenses: 5 });
    const blocked = planSubscriptionChange(input, stateWith(paidStd, { reservation }), TODAY);
    expect(blocked.blockedBy.map((c) => c.kind)).toEqual(['SCHEDULED_ADD_LICENSE_DELETED']);
    expect(blocked.blockedBy[0]?.message).toContain('20 licenses on 2026-04-01');
    const accepted = planSubscriptionChange({ ...input, proceedDespite: ['SCHEDULED_ADD_LICENSE_DELETED'] }, stateWith(paidStd, { reservation }), TODAY);
    expect(accepted.blockedBy).toEqual([]);
    expect(accepted.collisions).toHaveLength(1);
    expect(accepted.calls.map((c) => c.operationId)).toEqual(['addLicenseCount']);
  });

  test('collision: only one reservation per subscription; proceeding deletes the pending one first', () => {
    const reservation = { subscriptionId: 1021, type: 'CANCEL' as const, applyDate: '2026-06-01' };
    const input = change({ action: 'ADD_LICENSES', subscriptionId: 1021, addLicenses: 5, when: '2026-04-01' });
    const blocked = planSubscriptionChange(input, stateWith(paidStd, { reservation }), TODAY);
    expect(blocked.blockedBy.map((c) => c.kind).sort()).toEqual(['RESERVATION_SLOT_TAKEN', 'SUBSCRIPTION_SCHEDULED_TO_END']);
    const accepted = planSubscriptionChange({ ...input, proceedDespite: ['RESERVATION_SLOT_TAKEN', 'SUBSCRIPTION_SCHEDULED_TO_END'] }, stateWith(paidStd, { reservation }), TODAY);
    expect(accepted.calls.map((c) => c.operationId)).toEqual(['deleteSubscriptionReservation', 'addSubscriptionReservation']);
  });

  test('the same reservation already pending: already done (a re-run writes nothing)', () => {
    const reservation = { subscriptionId: 1021, type: 'ADD_LICENSE' as const, applyDate: '2026-04-01', licenseCount: 5 };
    const plan = planSubscriptionChange(change({ action: 'ADD_LICENSES', subscriptionId: 1021, addLicenses: 5, when: '2026-04-01' }), stateWith(paidStd, { reservation }), TODAY);
    expect(plan.route).toBe('ALREADY_DONE');
    expect(plan.calls).toEqual([]);
  });
});

describe('ADD_SUBSCRIPTION', () => {
  const addStd = { action: 'ADD_SUBSCRIPTION' as const, productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 10 };

  test('now: the immediate call, create-once on the product', () => {
    const plan = planSubscriptionChange(change({ ...addStd }), stateWith(undefined), TODAY);
    expect(plan.route).toBe('IMMEDIATE');
    expect(plan.calls[0]).toMatchObject({ operationId: 'addSubscription', body: { productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 10 }, guard: { kind: 'SUBSCRIPTION_PRODUCT', productId: 'STD' } });
  });

  test('a paid product from tomorrow to +31 days: a pre-order remembering the pre-orders that existed before', () => {
    const other = { preOrderId: 7, productId: 'ROG_STD' as const, applyDate: '2026-03-20', plan: 'MONTHLY_LICENSE' as const, licenseCount: 3 };
    for (const when of ['2026-03-11', '2026-04-10']) {
      const plan = planSubscriptionChange(change({ ...addStd, when }), stateWith(undefined, { preOrders: [other] }), TODAY);
      expect(plan.route).toBe('PRE_ORDER');
      expect(plan.calls[0]).toMatchObject({
        operationId: 'addSubscriptionPreOrder',
        body: { applyDate: when, productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 10 },
        guard: { kind: 'NEW_PRE_ORDER', existingIds: [7], productId: 'STD', applyDate: when },
      });
    }
  });

  test('a paid product at +32 days: a timer, then the immediate call', () => {
    const plan = planSubscriptionChange(change({ ...addStd, when: '2026-04-11' }), stateWith(undefined), TODAY);
    expect(plan.route).toBe('TIMER_THEN_IMMEDIATE');
    expect(plan.reason).toContain('beyond the pre-order window (tomorrow to 2026-04-10)');
  });

  test('a trial on a future date cannot be pre-ordered: a timer', () => {
    const plan = planSubscriptionChange(change({ action: 'ADD_SUBSCRIPTION', productId: 'STD_T', plan: 'TRIAL', when: '2026-03-12' }), stateWith(undefined), TODAY);
    expect(plan.route).toBe('TIMER_THEN_IMMEDIATE');
    expect(plan.reason).toContain('cannot be pre-ordered');
  });

  test('the product is already there: already done; another product of the group: not possible', () => {
    expect(planSubscriptionChange(change({ ...addStd }), stateWith(paidStd), TODAY).route).toBe('ALREADY_DONE');
    const plan = planSubscriptionChange(change({ ...addStd }), stateWith(trialStd), TODAY);
    expect(plan.route).toBe('NOT_POSSIBLE');
    expect(plan.reason).toContain('CONVERT_TO_PAID');
  });

  test('a pre-order for the same product and date exists: already done', () => {
    const same = { preOrderId: 9, productId: 'STD' as const, applyDate: '2026-03-20', plan: 'ANNUAL_LICENSE' as const, licenseCount: 10 };
    expect(planSubscriptionChange(change({ ...addStd, when: '2026-03-20' }), stateWith(undefined, { preOrders: [same] }), TODAY).route).toBe('ALREADY_DONE');
  });

  test('collision: a pending pre-order of the same group; proceeding deletes it first', () => {
    const pending = { preOrderId: 9, productId: 'ADV' as const, applyDate: '2026-03-25', plan: 'MONTHLY' as const };
    const blocked = planSubscriptionChange(change({ ...addStd, when: '2026-03-20' }), stateWith(undefined, { preOrders: [pending] }), TODAY);
    expect(blocked.blockedBy.map((c) => c.kind)).toEqual(['PRE_ORDER_PENDING']);
    const accepted = planSubscriptionChange(change({ ...addStd, when: '2026-03-20', proceedDespite: ['PRE_ORDER_PENDING'] }), stateWith(undefined, { preOrders: [pending] }), TODAY);
    expect(accepted.calls.map((c) => `${c.operationId} ${JSON.stringify(c.path)}`)).toEqual([
      `deleteSubscriptionPreOrder {"domainId":${DOMAIN_ID},"preOrderId":9}`,
      `addSubscriptionPreOrder {"domainId":${DOMAIN_ID}}`,
    ]);
  });

  test('"renewal" means nothing for a new subscription; a license-based plan needs licenseCount', () => {
    expect(planSubscriptionChange(change({ ...addStd, when: 'renewal' }), stateWith(undefined), TODAY).route).toBe('NOT_POSSIBLE');
    const plan = planSubscriptionChange(change({ action: 'ADD_SUBSCRIPTION', productId: 'STD', plan: 'ANNUAL_LICENSE' }), stateWith(undefined), TODAY);
    expect(plan.reason).toContain('licenseCount is required');
  });
});

describe('CONVERT_TO_PAID', () => {
  test('now: the immediate call; it deletes every reservation (collision)', () => {
    const reservation = { subscriptionId: 2001, type: 'START_PAID_SERVICE' as const, applyDate: '2026-03-20', plan: 'MONTHLY' as const };
    const plan = planSubscriptionChange(change({ action: 'CONVERT_TO_PAID', subscriptionId: 2001, plan: 'MONTHLY' }), stateWith(trialStd, { reservation }), TODAY);
    expect(plan.route).toBe('IMMEDIATE');
    expect(plan.calls[0]).toMatchObject({ operationId: 'convertSubscriptionToPaid', body: { plan: 'MONTHLY' }, guard: { kind: 'SUBSCRIPTION_PAID', subscriptionId: 2001 } });
    expect(plan.blockedBy.map((c) => c.kind)).toEqual(['RESERVATION_DELETED_BY_PAID_CONVERSION']);
  });

  test('a trial on a date up to its end: a START_PAID_SERVICE reservation without productId', () => {
    const plan = planSubscriptionChange(change({ action: 'CONVERT_TO_PAID', subscriptionId: 2001, plan: 'MONTHLY', when: '2026-03-31' }), stateWith(trialStd), TODAY);
    expect(plan.route).toBe('RESERVATION');
    expect(plan.calls[0]?.body).toEqual({ type: 'START_PAID_SERVICE', applyDate: '2026-03-31', plan: 'MONTHLY' });
  });

  test('a trial after its end: not possible (with the configurable grace period it is)', () => {
    const input = change({ action: 'CONVERT_TO_PAID', subscriptionId: 2001, plan: 'MONTHLY', when: '2026-04-05' });
    const plan = planSubscriptionChange(input, stateWith(trialStd), TODAY);
    expect(plan.route).toBe('NOT_POSSIBLE');
    expect(plan.reason).toContain('trial ends on 2026-03-31');
    expect(planSubscriptionChange(input, stateWith(trialStd), TODAY, { trialGraceDays: 7 }).route).toBe('RESERVATION');
  });

  test('a free plan: productId required; +60 days is a reservation, +61 a timer', () => {
    expect(planSubscriptionChange(change({ action: 'CONVERT_TO_PAID', subscriptionId: 3001, plan: 'MONTHLY' }), stateWith(freeWorks), TODAY).reason).toContain('productId is required');
    const at60 = planSubscriptionChange(change({ action: 'CONVERT_TO_PAID', subscriptionId: 3001, plan: 'MONTHLY', productId: 'ADV', when: '2026-05-09' }), stateWith(freeWorks), TODAY);
    expect(at60.route).toBe('RESERVATION');
    expect(at60.calls[0]?.body).toEqual({ type: 'START_PAID_SERVICE', applyDate: '2026-05-09', plan: 'MONTHLY', productId: 'ADV' });
    const at61 = planSubscriptionChange(change({ action: 'CONVERT_TO_PAID', subscriptionId: 3001, plan: 'MONTHLY', productId: 'ADV', when: '2026-05-10' }), stateWith(freeWorks), TODAY);
    expect(at61.route).toBe('TIMER_THEN_IMMEDIATE');
  });

  test('already paid on that plan: already done; license count below the members: not possible', () => {
    expect(planSubscriptionChange(change({ action: 'CONVERT_TO_PAID', subscriptionId: 1021, plan: 'ANNUAL_LICENSE' }), stateWith(paidStd), TODAY).route).toBe('ALREADY_DONE');
    const plan = planSubscriptionChange(change({ action: 'CONVERT_TO_PAID', subscriptionId: 2001, plan: 'ANNUAL_LICENSE', licenseCount: 3 }), stateWith(trialStd), TODAY);
    expect(plan.route).toBe('NOT_POSSIBLE');
    expect(plan.reason).toContain('member count 8');
  });

  test('"renewal" on a trial: not possible (free and trial plans do not renew)', () => {
    const plan = planSubscriptionChange(change({ action: 'CONVERT_TO_PAID', subscriptionId: 2001, plan: 'MONTHLY', when: 'renewal' }), stateWith(trialStd), TODAY);
    expect(plan.route).toBe('NOT_POSSIBLE');
    expect(plan.reason).toContain('no renewal');
  });
});

describe('UPGRADE', () => {
  test('now: the immediate call, then wait until ACTIVE on the new product', () => {
    const plan = planSubscriptionChange(change({ action: 'UPGRADE', subscriptionId: 1021, productId: 'ADV', domain: 'example.com' }), stateWith(paidStd), TODAY);
    expect(plan.route).toBe('IMMEDIATE');
    expect(plan.calls[0]).toMatchObject({ operationId: 'upgradeSubscription', body: { productId: 'ADV', domain: 'example.com' } });
    expect(plan.waitForActive).toEqual({ subscriptionId: 1021, productId: 'ADV' });
  });

  test('at renewal: a renewal CHANGE keeping plan and licenses', () => {
    const plan = planSubscriptionChange(change({ action: 'UPGRADE', subscriptionId: 1021, productId: 'ADV', when: 'renewal' }), stateWith(paidStd), TODAY);
    expect(plan.route).toBe('AT_RENEWAL');
    expect(plan.calls[0]?.body).toEqual({ type: 'CHANGE', productId: 'ADV', plan: 'ANNUAL_LICENSE', licenseCount: 10 });
    expect(plan.effectiveDate).toBe('2026-06-01');
  });

  test('another future date: a timer', () => {
    expect(planSubscriptionChange(change({ action: 'UPGRADE', subscriptionId: 1021, productId: 'ADV', when: '2026-04-01' }), stateWith(paidStd), TODAY).route).toBe('TIMER_THEN_IMMEDIATE');
  });

  test('collisions: the renewal setting that targets ADV is deleted; Drive for Standard is cancelled', () => {
    const renewal = { subscriptionId: 1021, type: 'CHANGE' as const, productId: 'ADV' as const, plan: 'ANNUAL_LICENSE' as const, licenseCount: 10 };
    const drive = { subscriptionId: 1021, optionProductId: 'DRV' as const, subOptionId: 'DRV01', appliedTime: '2025-06-01T00:00:00.000Z', plan: 'ANNUAL_LICENSE' as const, planStartDate: '2025-06-01', planEndDate: '2026-05-31' };
    const plan = planSubscriptionChange(change({ action: 'UPGRADE', subscriptionId: 1021, productId: 'ADV' }), stateWith(paidStd, { renewal, optionProducts: [drive] }), TODAY);
    expect(plan.blockedBy.map((c) => c.kind).sort()).toEqual(['OPTIONS_CANCELLED_BY_UPGRADE', 'RENEWAL_SETTING_DELETED_BY_UPGRADE']);
  });

  test('already on the product: already done; a lower tier: use DOWNGRADE', () => {
    expect(planSubscriptionChange(change({ action: 'UPGRADE', subscriptionId: 1021, productId: 'STD' }), stateWith(paidStd), TODAY).route).toBe('ALREADY_DONE');
    const adv = { ...paidStd, productId: 'ADV' as const };
    expect(planSubscriptionChange(change({ action: 'UPGRADE', subscriptionId: 1021, productId: 'STD' }), stateWith(adv), TODAY).reason).toContain('DOWNGRADE');
  });
});

describe('renewal-only changes', () => {
  const adv = { ...paidStd, productId: 'ADV' as const, renewal: { ...paidStd.renewal!, productId: 'ADV' as const } };

  test('DOWNGRADE at renewal: CHANGE to the lower tier; now: not possible, naming the renewal date', () => {
    const plan = planSubscriptionChange(change({ action: 'DOWNGRADE', subscriptionId: 1021, productId: 'STD', when: 'renewal' }), stateWith(adv), TODAY);
    expect(plan.route).toBe('AT_RENEWAL');
    expect(plan.calls[0]?.body).toEqual({ type: 'CHANGE', productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 10 });
    const now = planSubscriptionChange(change({ action: 'DOWNGRADE', subscriptionId: 1021, productId: 'STD' }), stateWith(adv), TODAY);
    expect(now.route).toBe('NOT_POSSIBLE');
    expect(now.reason).toContain('only take effect at renewal (2026-06-01)');
  });

  test('REDUCE_LICENSES on the renewal date: CHANGE with the lower total; below the member count is a collision', () => {
    const plan = planSubscriptionChange(change({ action: 'REDUCE_LICENSES', subscriptionId: 1021, licenseCount: 9, when: '2026-06-01' }), stateWith(paidStd), TODAY);
    expect(plan.route).toBe('AT_RENEWAL');
    expect(plan.calls[0]?.body).toEqual({ type: 'CHANGE', productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 9 });
    expect(plan.blockedBy).toEqual([]);
    const low = planSubscriptionChange(change({ action: 'REDUCE_LICENSES', subscriptionId: 1021, licenseCount: 5, when: 'renewal' }), stateWith(paidStd), TODAY);
    expect(low.blockedBy.map((c) => c.kind)).toEqual(['LICENSES_BELOW_MEMBER_COUNT']);
  });

  test('REDUCE_LICENSES to a higher count is not a reduction', () => {
    expect(planSubscriptionChange(change({ action: 'REDUCE_LICENSES', subscriptionId: 1021, licenseCount: 12, when: 'renewal' }), stateWith(paidStd), TODAY).reason).toContain('use ADD_LICENSES');
  });

  test('CHANGE_PLAN from a non-license plan to a license-based one needs licenseCount', () => {
    const monthly = { ...paidStd, plan: 'MONTHLY' as const, licenseCount: null, renewal: { subscriptionId: 1021, type: 'STAY' as const, productId: 'STD' as const, plan: 'MONTHLY' as const } };
    const plan = planSubscriptionChange(change({ action: 'CHANGE_PLAN', subscriptionId: 1021, plan: 'ANNUAL_LICENSE', when: 'renewal' }), stateWith(monthly), TODAY);
    expect(plan.route).toBe('NOT_POSSIBLE');
    expect(plan.reason).toContain('licenseCount is required');
    const withCount = planSubscriptionChange(change({ action: 'CHANGE_PLAN', subscriptionId: 1021, plan: 'ANNUAL_LICENSE', licenseCount: 12, when: 'renewal' }), stateWith(monthly), TODAY);
    expect(withCount.calls[0]?.body).toEqual({ type: 'CHANGE', productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 12 });
  });

  test('a renewal setting other than STAY is replaced only with consent; the same setting is already done', () => {
    const renewal = { subscriptionId: 1021, type: 'CHANGE' as const, productId: 'STD' as const, plan: 'ANNUAL_LICENSE' as const, licenseCount: 9 };
    const replaced = planSubscriptionChange(change({ action: 'KEEP_AT_RENEWAL', subscriptionId: 1021, when: 'renewal' }), stateWith(paidStd, { renewal }), TODAY);
    expect(replaced.blockedBy.map((c) => c.kind)).toEqual(['RENEWAL_SETTING_REPLACED']);
    expect(replaced.blockedBy[0]?.message).toContain('CHANGE (STD, ANNUAL_LICENSE, 9 licenses) would be replaced by STAY');
    const same = planSubscriptionChange(change({ action: 'REDUCE_LICENSES', subscriptionId: 1021, licenseCount: 9, when: 'renewal' }), stateWith(paidStd, { renewal }), TODAY);
    expect(same.route).toBe('ALREADY_DONE');
  });
});

describe('CANCEL', () => {
  test('now: the immediate call; a scheduled paid conversion blocks it, proceeding deletes that first', () => {
    const reservation = { subscriptionId: 2001, type: 'START_PAID_SERVICE' as const, applyDate: '2026-03-20', plan: 'MONTHLY' as const };
    const blocked = planSubscriptionChange(change({ action: 'CANCEL', subscriptionId: 2001 }), stateWith(trialStd, { reservation }), TODAY);
    expect(blocked.blockedBy.map((c) => c.kind)).toEqual(['PAID_CONVERSION_SCHEDULED']);
    const accepted = planSubscriptionChange(change({ action: 'CANCEL', subscriptionId: 2001, proceedDespite: ['PAID_CONVERSION_SCHEDULED'] }), stateWith(trialStd, { reservation }), TODAY);
    expect(accepted.calls.map((c) => c.operationId)).toEqual(['deleteSubscriptionReservation', 'cancelSubscription']);
  });

  test('a date up to planEndDate: a CANCEL reservation that takes the options along (collision)', () => {
    const archive = { subscriptionId: 1021, optionProductId: 'ACV2' as const, subOptionId: 'ACV201', appliedTime: '2025-06-01T00:00:00.000Z', plan: 'ANNUAL_LICENSE' as const, planStartDate: '2025-06-01', planEndDate: '2026-05-31' };
    const aiNoteExtra = { ...archive, optionProductId: 'QTA_M1' as const, subOptionId: 'QTA_M101' };
    const plan = planSubscriptionChange(change({ action: 'CANCEL', subscriptionId: 1021, when: '2026-04-30' }), stateWith(paidStd, { optionProducts: [archive, aiNoteExtra] }), TODAY);
    expect(plan.route).toBe('RESERVATION');
    expect(plan.calls[0]?.body).toEqual({ type: 'CANCEL', applyDate: '2026-04-30' });
    expect(plan.blockedBy.map((c) => c.kind)).toEqual(['CANCEL_TAKES_OPTIONS']);
    expect(plan.blockedBy[0]?.message).toContain('ACV2/ACV201');
    expect(plan.blockedBy[0]?.message).not.toContain('QTA_M1');
  });

  test('"renewal" and the renewal date: renewal CANCEL (no penalty); after it: a timer', () => {
    for (const when of ['renewal', '2026-06-01']) {
      const plan = planSubscriptionChange(change({ action: 'CANCEL', subscriptionId: 1021, when }), stateWith(paidStd), TODAY);
      expect(plan.route).toBe('AT_RENEWAL');
      expect(plan.calls[0]?.body).toEqual({ type: 'CANCEL' });
    }
    expect(planSubscriptionChange(change({ action: 'CANCEL', subscriptionId: 1021, when: '2026-06-02' }), stateWith(paidStd), TODAY).route).toBe('TIMER_THEN_IMMEDIATE');
  });

  test('a free subscription on a date: no CANCEL reservation (paid only), so a timer', () => {
    const plan = planSubscriptionChange(change({ action: 'CANCEL', subscriptionId: 3001, when: '2026-03-20' }), stateWith(freeWorks), TODAY);
    expect(plan.route).toBe('TIMER_THEN_IMMEDIATE');
    expect(plan.reason).toContain('paid products only');
  });

  test('a subscription that is gone: already done', () => {
    expect(planSubscriptionChange(change({ action: 'CANCEL', subscriptionId: 1021 }), stateWith(undefined), TODAY).route).toBe('ALREADY_DONE');
  });
});

describe('tenant-level state', () => {
  test('a scheduled tenant cancellation on or before the effective date is a collision', () => {
    const usage = { domainId: DOMAIN_ID, status: 'ACTIVE' as const, memberCount: 8, maxMemberCount: null, withdrawalDate: '2026-04-15' };
    const later = planSubscriptionChange(change({ action: 'ADD_LICENSES', subscriptionId: 1021, addLicenses: 5, when: '2026-04-20' }), stateWith(paidStd, { usage }), TODAY);
    expect(later.blockedBy.map((c) => c.kind)).toEqual(['TENANT_WITHDRAWAL_SCHEDULED']);
    const earlier = planSubscriptionChange(change({ action: 'ADD_LICENSES', subscriptionId: 1021, addLicenses: 5, when: '2026-04-01' }), stateWith(paidStd, { usage }), TODAY);
    expect(earlier.blockedBy).toEqual([]);
  });

  test('a tenant pending withdrawal accepts no change', () => {
    const usage = { domainId: DOMAIN_ID, status: 'SUSPENDED_WITHDRAWAL' as const, memberCount: 8, maxMemberCount: null, withdrawalDate: '2026-04-02' };
    const plan = planSubscriptionChange(change({ action: 'ADD_LICENSES', subscriptionId: 1021, addLicenses: 5 }), stateWith(paidStd, { usage }), TODAY);
    expect(plan.route).toBe('NOT_POSSIBLE');
    expect(plan.reason).toContain('pending withdrawal');
  });

  test('a date in the past is refused, naming today in the API time zone', () => {
    const plan = planSubscriptionChange(change({ action: 'ADD_LICENSES', subscriptionId: 1021, addLicenses: 5, when: '2026-03-09' }), stateWith(paidStd), TODAY);
    expect(plan.route).toBe('NOT_POSSIBLE');
    expect(plan.reason).toContain('in the past (today is 2026-03-10');
  });

  test('an unknown subscription is not possible to change', () => {
    const plan = planSubscriptionChange(change({ action: 'UPGRADE', subscriptionId: 999, productId: 'ADV' }), stateWith(paidStd), TODAY);
    expect(plan.route).toBe('NOT_POSSIBLE');
    expect(plan.reason).toContain('999');
  });
});
