// Pure parts of the license renewal (count and renewal body) and the calendar (rows and table).
import { calendarEntries, calendarTable } from '../../domain/subscriptions/calendar-entries.js';
import { parseLicenseRenewalInput, renewalChangeBody, renewalLicenseCount } from '../../domain/subscriptions/license-renewal-input.js';
import { DOMAIN_ID, paidStd } from './fixtures.js';

describe('license renewal count', () => {
  test('members + margin rounds up and is at least 1; the CRM target wins', () => {
    expect(renewalLicenseCount(18, 10)).toEqual({ licenseCount: 20, source: '18 members + 10% margin' });
    expect(renewalLicenseCount(20, 0)).toMatchObject({ licenseCount: 20 });
    expect(renewalLicenseCount(0, 10)).toMatchObject({ licenseCount: 1 });
    expect(renewalLicenseCount(18, 10, 30)).toEqual({ licenseCount: 30, source: 'target 30 given by the CRM' });
  });

  test('the renewal body keeps a CHANGE target product and plan; nothing when the count is already set', () => {
    expect(renewalChangeBody(paidStd, paidStd.renewal ?? null, 12)).toEqual({ type: 'CHANGE', productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 12 });
    expect(renewalChangeBody(paidStd, paidStd.renewal ?? null, 10)).toBeUndefined();
    const upgradeAtRenewal = { subscriptionId: 1021, type: 'CHANGE' as const, productId: 'ADV' as const, plan: 'ANNUAL_LICENSE' as const, licenseCount: 10 };
    expect(renewalChangeBody(paidStd, upgradeAtRenewal, 14)).toEqual({ type: 'CHANGE', productId: 'ADV', plan: 'ANNUAL_LICENSE', licenseCount: 14 });
    expect(renewalChangeBody(paidStd, { ...upgradeAtRenewal, licenseCount: 14 }, 14)).toBeUndefined();
  });

  test('input validation names each field and fills defaults', () => {
    expect(parseLicenseRenewalInput({ domainId: 1, subscriptionId: 2 })).toEqual({ domainId: 1, subscriptionId: 2, leadDays: 14, marginPercent: 10, timeZone: 'Asia/Tokyo', terms: 0 });
    expect(() => parseLicenseRenewalInput({ domainId: 1, leadDays: -1, marginPercent: 'x', extra: true })).toThrow(
      /subscriptionId is required.*leadDays must be an integer from 0 to 60.*marginPercent must be an integer from 0 to 1000.*extra is not a known field/,
    );
  });
});

describe('calendar', () => {
  const usage = { domainId: DOMAIN_ID, status: 'ACTIVE' as const, memberCount: 8, maxMemberCount: 20, withdrawalDate: '2026-09-30', renewal: { applyDate: '2026-04-01', maxMemberCount: null } };

  test('one dated row per pending change, sorted; STAY renewals are not changes', () => {
    const entries = calendarEntries([
      {
        domainId: DOMAIN_ID,
        domain: 'acme.example',
        preOrders: [{ preOrderId: 3, productId: 'ROG_STD', applyDate: '2026-03-20', plan: 'MONTHLY_LICENSE', licenseCount: 5 }],
        subscriptions: [
          { subscription: paidStd, reservation: { subscriptionId: 1021, type: 'ADD_LICENSE', applyDate: '2026-03-15', licenseCount: 4 }, renewal: { subscriptionId: 1021, type: 'CANCEL' } },
          { subscription: { ...paidStd, subscriptionId: 1022 }, reservation: null, renewal: { subscriptionId: 1022, type: 'STAY' } },
        ],
        optionOrders: [{ subscriptionId: 1021, optionProductId: 'CST_S', subOptionId: 'CST_S01', type: 'CHANGE_QUANTITY', quantity: 4, applyDate: '2026-04-01' }],
        options: [],
        usage,
      },
    ]);
    expect(entries.map((e) => `${e.date} ${e.kind} ${e.subject}: ${e.detail}`)).toEqual([
      '2026-03-15 RESERVATION STD #1021: ADD_LICENSE: licenses 4',
      '2026-03-20 PRE_ORDER ROG_STD: apply (#3): plan MONTHLY_LICENSE, licenses 5',
      '2026-04-01 OPTION_ORDER CST_S: CHANGE_QUANTITY: subOption CST_S01, quantity 4',
      '2026-04-01 USER_CAP_CHANGE tenant: user cap 20 -> none',
      '2026-06-01 RENEWAL_CHANGE STD #1021: CANCEL (not renewed)',
      '2026-09-30 TENANT_CANCELLATION tenant: tenant cancelled (status ACTIVE)',
    ]);
    const table = calendarTable(entries).split('\n');
    expect(table).toHaveLength(entries.length + 2);
    expect(table[2]).toMatch(/^2026-03-15\s+10000001\s+acme\.example\s+RESERVATION\s+STD #1021\s+ADD_LICENSE: licenses 4$/);
  });
});
