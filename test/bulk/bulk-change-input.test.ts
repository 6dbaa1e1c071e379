// bulkChange input: the batch's own fields and the per-customer request (checked by its own workflow's rules) are
// refused together, each field named, before anything is started.
import { InvalidInputError } from '../../domain/input-validation.js';
import { customerRequest, parseBulkChangeInput } from '../../domain/bulk/bulk-change-input.js';

function problems(raw: unknown): string[] {
  try {
    parseBulkChangeInput(raw);
  } catch (err) {
    if (err instanceof InvalidInputError) return err.problems;
    throw err;
  }
  return [];
}

test('a valid input gets its defaults', () => {
  const input = parseBulkChangeInput({ batchId: 'b-1', change: { kind: 'option', request: { action: 'ADD', optionProductId: 'SSTG2', subOptionId: 'SSTG201', when: 'now' } }, customers: { plan: 'ANNUAL_LICENSE' } });
  expect(input).toMatchObject({ concurrency: 5, preview: false, customersPerRun: 200 });
});

test('every field at fault is named, the per-customer request under change.request', () => {
  const found = problems({
    batchId: 'has space',
    change: { kind: 'subscription', request: { action: 'ADD_LICENSES', when: 'yesterday', domainId: 5 } },
    customers: { domainIds: [0] },
    concurrency: 51,
  });
  const text = found.join('\n');
  for (const field of ['batchId', 'customers.domainIds[0]', 'concurrency', 'change.request.domainId is set per customer', 'change.request.addLicenses', 'change.request.when']) expect(text).toContain(field);
});

test('customers must name a list or a filter; an unknown kind is refused', () => {
  const text = problems({ batchId: 'b', change: { kind: 'plan', request: {} }, customers: {} }).join('\n');
  expect(text).toContain('customers must name domainIds, a productId or a plan');
  expect(text).toContain('change.kind');
});

test('each customer gets the request with its own domain, subscription and the batch request ID', () => {
  const input = parseBulkChangeInput({ batchId: 'b-2', change: { kind: 'subscription', request: { action: 'CANCEL', when: 'renewal' } }, customers: { productId: 'STD' }, preview: true });
  expect(customerRequest(input, 7, 70)).toEqual({ action: 'CANCEL', when: 'renewal', domainId: 7, subscriptionId: 70, requestId: 'bulk.b-2', preview: true });
});

test("the request is checked as at the time given: a continued run (at its first run's time) keeps a date that was valid then", () => {
  const t0 = Date.UTC(2026, 10, 30, 3, 0); // 2026-11-30 12:00 in Tokyo
  const input = { batchId: 'dated', change: { kind: 'subscription', request: { action: 'CANCEL', when: '2026-11-30' } }, customers: { productId: 'STD' } };
  expect(() => parseBulkChangeInput(input, t0)).not.toThrow();
  expect(() => parseBulkChangeInput(input, t0 + 24 * 3_600_000)).toThrow(/change\.request\.when 2026-11-30 is in the past/);
});
