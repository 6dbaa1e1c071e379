// Direct starts with bad input (what a Web UI or `temporal workflow start` user does: no client-side check), for
// every workflow a client can start: the run fails with ERR_INVALID_INPUT naming every field at fault, before any
// activity (no ActivityTaskScheduled in its history), and the Partner API is never called. The rows are the shared
// table (test/triggers/bad-inputs.ts: wrong kinds, unknown and secret-looking fields, sizes, each field missing or of
// the wrong type) plus, per workflow, the values only its rules know are wrong (issue 17: unknown time zones, dates
// outside the window relative to today in the API's time zone, numbers out of range, strings too long).
import { WorkflowFailedError } from '@temporalio/client';
import { addDays, dateInZone, DEFAULT_API_TIME_ZONE } from '../../domain/dates.js';
import { WORKFLOW_CATALOG } from '../../workflows/catalog.js';
import { journal } from '../helpers/simulator.js';
import { badInputs, type BadInput } from './bad-inputs.js';
import { startTriggerEnv, type TriggerEnv } from './support.js';

let t: TriggerEnv;

beforeAll(async () => {
  t = await startTriggerEnv('direct-bad-input');
});

afterAll(async () => {
  await t?.close();
});

const today = dateInZone(DEFAULT_API_TIME_ZONE, Date.now());
const yesterday = addDays(today, -1);
const long = (n: number) => 'x'.repeat(n);

/** Bad values only each workflow's own rules know, several at once where they can be: every one must be named. */
function ruleCases(type: string, example: Record<string, unknown>): BadInput[] {
  const bad = (why: string, change: Record<string, unknown>, fields: string[]): BadInput => ({ why, input: { ...example, ...change }, fields });
  switch (type) {
    case 'onboardCustomer':
      return [
        bad('an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, ['timeZone "Mars/Olympus_Mons" is not a known IANA time zone']),
        bad('names too long, a bad e-mail, a password', {
          companyName: long(41),
          administrator: { id: 'a', lastName: long(81), privateEmail: 'it-at-acme', Password: 'hunter2' },
        }, ['companyName', 'administrator.id', 'administrator.lastName', 'administrator.privateEmail', 'administrator.Password']),
        bad('a domain with "..", a phone with letters', { domain: 'acme..example', phoneNumber: 'call me' }, ['domain', 'phoneNumber']),
        bad('a bad initial subscription and DNS wait', { initialSubscription: { productId: 'STD', plan: 'WEEKLY', licenseCount: 0 }, dnsWait: { deadline: '999 days', every: '1s' } }, [
          'initialSubscription.plan',
          'initialSubscription.licenseCount',
          'dnsWait.deadline',
          'dnsWait.every',
        ]),
      ];
    case 'changeSubscription':
      return [
        bad('a date in the past', { when: yesterday }, [`when ${yesterday} is in the past (today is `]),
        bad('a date three years ahead', { when: addDays(today, 3 * 366) }, ['days ahead']),
        bad('too many licenses, an unknown zone, a bad request ID', { addLicenses: 2_000_000, timeZone: 'Nowhere/City', requestId: 'has spaces' }, ['addLicenses', 'timeZone', 'requestId']),
        bad('a field the action does not use, an unknown plan', { plan: 'WEEKLY', productId: long(41) }, ['plan', 'productId']),
      ];
    case 'changeOption':
      return [
        bad('a date in the past', { when: yesterday }, ['when']),
        bad('an unknown zone, a long product ID, an unknown collision', { timeZone: 'Atlantis/City', optionProductId: long(41), proceedDespite: ['ANYTHING'] }, ['timeZone', 'optionProductId', 'proceedDespite[0]']),
      ];
    case 'licenseRenewal':
      return [bad('numbers out of range and an unknown zone', { leadDays: 61, marginPercent: 1001, targetLicenseCount: 1_000_001, timeZone: 'Mars/Base' }, ['leadDays', 'marginPercent', 'targetLicenseCount', 'timeZone'])];
    case 'monthlyReport':
      return [
        bad('month 13, a year of 1999', { year: 1999, month: 13 }, ['year must be a whole number from 2000 to 2100', 'month must be a whole number from 1 to 12']),
        bad('a fractional month', { month: 1.5 }, ['month must be a whole number from 1 to 12']),
        { why: 'a year without a month', input: { year: 2026 }, fields: ['year and month must be given together'] },
      ];
    case 'driftCheck':
      return [{ why: 'an option it does not have', input: { since: '2026-01-01' }, fields: ['since'] }];
    case 'scheduledChangesCalendar':
      return [bad('negative and fractional IDs', { domainIds: [-1, 2.5] }, ['domainIds'])];
    case 'changeGroupToDomain':
      return [bad('an upper-case domain and a bad DNS wait', { domain: 'Acme.Example', dnsWait: { initialInterval: 'soon' } }, ['domain', 'dnsWait.initialInterval'])];
    case 'transferCustomer':
      return [bad('a partner code with symbols and a bad wait', { partnerCode: 'abc-123!', wait: { deadline: 'forever' }, requestedBy: long(201) }, ['partnerCode', 'wait.deadline', 'requestedBy'])];
    case 'userCap':
      return [
        bad('a scheduled date in the past and a cap of 0', { action: 'SCHEDULE', maxMemberCount: 0, applyDate: yesterday }, ['maxMemberCount must be', 'applyDate must be from ']),
        bad('a field another action uses', { confirmDeletesScheduledChange: true, applyDate: today }, ['applyDate']),
      ];
    case 'updateCustomerDetails':
      return [
        bad('an unknown zone and a customer code over 200 bytes', { changes: { timeZone: 'Mars/Base', partnership: { customerCode: 'あ'.repeat(70) } } }, ['changes.timeZone', 'changes.partnership.customerCode']),
        bad('nothing to change', { changes: {} }, ['changes must name at least one field']),
      ];
    case 'cancelCustomer':
      return [
        bad('a withdrawal date in the past', { mode: 'ON_DATE', withdrawalDate: yesterday }, ['withdrawalDate must be tomorrow (']),
        bad('a date with mode NOW and an unknown zone', { withdrawalDate: addDays(today, 10), timeZone: 'Moon/Crater' }, ['withdrawalDate', 'timeZone']),
      ];
    case 'bulkChange':
      return [
        bad('a per-customer request its own workflow refuses, a batch ID with spaces, too many at once', {
          batchId: 'has spaces',
          change: { kind: 'subscription', request: { action: 'ADD_LICENSES', addLicenses: 0, when: yesterday, requestId: 'mine' } },
          concurrency: 51,
        }, ['batchId', 'change.request.addLicenses', `change.request.when ${yesterday} is in the past`, 'change.request.requestId is set per customer', 'concurrency']),
        bad('no customers named', { customers: {} }, ['customers must name domainIds, a productId or a plan']),
      ];
    default:
      return [];
  }
}

const table = WORKFLOW_CATALOG.flatMap((entry) =>
  [...badInputs(entry.example, entry.parseInput), ...ruleCases(entry.type, entry.example as Record<string, unknown>)].map((bad) => ({ type: entry.type, ...bad })),
);

test('the table has at least ten bad inputs for every workflow type, and rule cases for each', () => {
  for (const entry of WORKFLOW_CATALOG) {
    expect(table.filter((row) => row.type === entry.type).length).toBeGreaterThanOrEqual(10);
    expect(ruleCases(entry.type, entry.example as Record<string, unknown>).length).toBeGreaterThan(0);
  }
});

let runs = 0;

test.each(table.map((row) => [row.type, row.why, row] as const))('a direct start of %s with %s fails with ERR_INVALID_INPUT before any activity', async (type, _why, row) => {
  const handle = await t.env.client.workflow.start(type, { taskQueue: t.taskQueue, workflowId: `direct-bad-input/${++runs}`, args: [row.input] });
  const error = await handle.result().catch((err: unknown) => err);
  expect(error).toBeInstanceOf(WorkflowFailedError);
  const cause = (error as WorkflowFailedError).cause as unknown as { type?: string; message: string; details?: string[] };
  expect(cause.type).toBe('ERR_INVALID_INPUT');
  const said = [cause.message, ...(cause.details ?? [])].join('\n');
  for (const field of row.fields) expect(said).toContain(field);
  // A refused secret-looking field is named, never its value.
  for (const value of ['hunter2', 'k-123', 't-123', 's-123']) expect(said).not.toContain(value);
  const events = (await handle.fetchHistory()).events ?? [];
  expect(events.filter((e) => e.activityTaskScheduledEventAttributes)).toEqual([]);
});

test('the Partner API was never called', async () => {
  expect(runs).toBe(table.length);
  expect(await journal(t.simulator)).toEqual([]);
});
