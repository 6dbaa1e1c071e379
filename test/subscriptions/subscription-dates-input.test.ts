// Date arithmetic in the API's time zone and the changeSubscription input validation.
import { InvalidInputError } from '../../domain/input-validation.js';
import { addDays, dateInZone, daysBetween, firstOfNextMonth, isIsoDate, startOfDayInZone } from '../../domain/dates.js';
import { parseChangeSubscriptionInput, subscriptionChangeWorkflowId } from '../../domain/subscriptions/subscription-input.js';

describe('dates', () => {
  test('validates real calendar dates only', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-2-1')).toBe(false);
  });

  test('adds days across months and years, counts days between', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-03-10', '2026-04-10')).toBe(31);
    expect(firstOfNextMonth('2026-12-15')).toBe('2027-01-01');
  });

  test("today in Tokyo is tomorrow in UTC terms after 15:00 UTC", () => {
    const lateUtc = Date.UTC(2026, 2, 10, 15, 30);
    expect(dateInZone('UTC', lateUtc)).toBe('2026-03-10');
    expect(dateInZone('Asia/Tokyo', lateUtc)).toBe('2026-03-11');
  });

  test('a day starts at 00:00 in the zone (Tokyo: 15:00 UTC the day before)', () => {
    expect(new Date(startOfDayInZone('2026-03-11', 'Asia/Tokyo')).toISOString()).toBe('2026-03-10T15:00:00.000Z');
    expect(new Date(startOfDayInZone('2026-07-01', 'Europe/Paris')).toISOString()).toBe('2026-06-30T22:00:00.000Z');
  });
});

describe('parseChangeSubscriptionInput', () => {
  const valid = { domainId: 10000001, requestId: 'crm-42', action: 'ADD_LICENSES', subscriptionId: 1021, addLicenses: 5, when: 'now' };

  test('accepts a valid input and fills the defaults', () => {
    expect(parseChangeSubscriptionInput(valid)).toEqual({ ...valid, timeZone: 'Asia/Tokyo', preview: false, proceedDespite: [] });
    expect(subscriptionChangeWorkflowId(10000001, 'crm-42')).toBe('subscription-change/10000001/crm-42');
  });

  test('names every field at fault', () => {
    const raw = { domainId: -1, action: 'ADD_LICENSES', when: 'tomorrow', addLicenses: 0, plan: 'MONTHLY', proceedDespite: ['NOPE'], timeZone: 'Mars/Base', extra: 1 };
    let error: unknown;
    try {
      parseChangeSubscriptionInput(raw);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    const problems = (error as InvalidInputError).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        'domainId is required (a positive integer)',
        'requestId is required (a non-empty string)',
        'when must be "now", "renewal" or a date YYYY-MM-DD',
        'addLicenses is required (a positive integer)',
        'subscriptionId is required for action ADD_LICENSES',
        'plan is not used by action ADD_LICENSES',
        'timeZone "Mars/Base" is not a known IANA time zone',
        'extra is not a known field',
      ]),
    );
    expect(problems.some((p) => p.startsWith('proceedDespite[0] must be one of'))).toBe(true);
  });

  test('rejects an unknown action and a non-object', () => {
    expect(() => parseChangeSubscriptionInput({ ...valid, action: 'SELL' })).toThrow(/action must be one of ADD_SUBSCRIPTION/);
    expect(() => parseChangeSubscriptionInput('x')).toThrow(/input must be a JSON object/);
    expect(() => parseChangeSubscriptionInput({ ...valid, when: '2026-02-30' })).toThrow(/when must be/);
  });
});
