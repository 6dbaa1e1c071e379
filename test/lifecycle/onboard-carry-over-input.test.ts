// The state a DNS wait carries into its next run (continuedDnsWait) is part of the workflows' run input schemas and
// validated like the rest; the start schemas, which every trigger uses through the catalog, refuse it.
import { InvalidInputError } from '../../domain/input-validation.js';
import { parseChangeDomainRunInput } from '../../domain/onboarding/change-domain-input.js';
import { carriedCheck, carriedNotifications, carriedText, MAX_CARRIED_NOTIFICATIONS, MAX_CARRIED_TEXT } from '../../domain/onboarding/dns-wait-carry-over.js';
import { parseOnboardCustomerRunInput } from '../../domain/onboarding/onboard-customer-input.js';
import { WORKFLOW_CATALOG } from '../../workflows/catalog.js';

const start = { domain: 'acme.example', companyName: 'Acme Inc.', phoneNumber: '03-0000-0000', timeZone: 'Asia/Tokyo', locale: 'ja_JP' };
const expected = [{ type: 'TXT', host: 'acme.example', value: 'worksmobile-certification=abc', purpose: 'ownership' }];
const wait = { run: 2, startedAt: '2026-11-30T10:00:00.000Z', deadline: '2026-12-03T10:00:00.000Z', checks: 100, intervalMs: 1_800_000, activationAttempts: 0 };
const carried = { domainId: 42, created: true, dnsRecords: { domain: 'acme.example', txtToken: 'worksmobile-certification=abc' }, expected, wait };

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof InvalidInputError) return [...err.problems];
    throw err;
  }
  return [];
}

test('no trigger can start an onboarding or a domain change with a carried wait: the start schemas refuse the field', () => {
  for (const [type, input] of [
    ['onboardCustomer', { ...start, continuedDnsWait: carried }],
    ['changeGroupToDomain', { domainId: 42, domain: 'acme.example', continuedDnsWait: { ...carried, from: 'acme' } }],
  ] as const) {
    const entry = WORKFLOW_CATALOG.find((e) => e.type === type)!;
    expect(problemsOf(() => entry.parseInput(input))).toEqual(['continuedDnsWait is not a known field']);
  }
});

test('a carried wait is validated like the rest of the input, naming every field at fault', () => {
  expect(parseOnboardCustomerRunInput({ ...start, continuedDnsWait: carried }).continuedDnsWait).toEqual(carried);
  const bad = { ...carried, domainId: 0, created: 'yes', wait: { ...wait, run: 1, deadline: 'soon', checks: -1, extra: 1 }, expected: [] };
  expect(problemsOf(() => parseOnboardCustomerRunInput({ ...start, continuedDnsWait: bad }))).toEqual(
    expect.arrayContaining([
      'continuedDnsWait.domainId is required (a positive whole number)',
      'continuedDnsWait.created must be true or false',
      'continuedDnsWait.wait.run must be at least 2',
      'continuedDnsWait.wait.deadline must be an ISO timestamp',
      'continuedDnsWait.wait.checks must be at least 0',
      'continuedDnsWait.wait.extra is not a known field',
      'continuedDnsWait.expected must have at least 1 items',
    ]),
  );
  const { domainId: _domainId, created: _created, ...withoutCustomer } = carried;
  expect(problemsOf(() => parseChangeDomainRunInput({ domainId: 42, domain: 'acme.example', continuedDnsWait: withoutCustomer }))).toEqual([
    'continuedDnsWait.from is required (a non-empty string)',
  ]);
});

test('checksPerRun is a documented dnsWait setting with bounds', () => {
  const entry = WORKFLOW_CATALOG.find((e) => e.type === 'onboardCustomer')!;
  expect(entry.parseInput({ ...start, dnsWait: { checksPerRun: 2 } })).toMatchObject({ dnsWait: { checksPerRun: 2 } });
  expect(problemsOf(() => entry.parseInput({ ...start, dnsWait: { checksPerRun: 1, every: '1s' } }))).toEqual([
    'dnsWait.checksPerRun must be a whole number from 2 to 10000',
    'dnsWait.every is not a known setting (initialInterval, maxInterval, recursiveAfter, grace, deadline, checksPerRun)',
  ]);
});

test('what a run carries is cut to the schema bounds, so a long API answer never makes the input of the next run invalid', () => {
  const long = 'INVALID_DOMAIN: '.padEnd(5_000, 'x');
  const notifications = Array.from({ length: 150 }, (_, i) => ({ type: 'onboarding.dns_deadline_reached', notificationId: `onboard/acme.example/run/${i + 1}/x`, outcome: `UNDELIVERED: ${long}` }));
  const carry = {
    ...carried,
    waitingFor: carriedText(`the domain to be verified by LINE WORKS (last answer: ${long})`),
    lastError: carriedText(long),
    wait: { ...wait, lastActivationError: carriedText(long) },
    notifications: carriedNotifications(notifications),
  };
  expect(carry.lastError).toHaveLength(MAX_CARRIED_TEXT);
  expect(carry.notifications).toHaveLength(MAX_CARRIED_NOTIFICATIONS);
  expect(carry.notifications.at(-1)!.notificationId).toBe('onboard/acme.example/run/150/x');
  expect(parseOnboardCustomerRunInput({ ...start, continuedDnsWait: carry }).continuedDnsWait).toEqual(carry);
  expect(carriedText('short')).toBe('short');
  // A last check too large to carry is left out (the next run checks at once).
  const check = { domain: 'acme.example', records: [{ found: Array.from({ length: 200 }, () => 'v=spf1 '.padEnd(255, 'x')) }] };
  expect(carriedCheck(check)).toBeUndefined();
  expect(carriedCheck({ domain: 'acme.example', records: [] })).toEqual({ domain: 'acme.example', records: [] });
});
