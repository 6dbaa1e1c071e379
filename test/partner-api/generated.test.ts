// The generated types and operation table must match openapi.yaml: regenerate after any spec change.
import { outOfDate, renderGenerated } from '../../scripts/generate-api.js';
import { OPERATIONS } from '../../partner-api/operations.js';

test('partner-api/generated is up to date with openapi.yaml', async () => {
  expect(outOfDate(await renderGenerated())).toEqual([]);
});

test('the operation table covers all 52 operations with a method, path and access', () => {
  const entries = Object.entries(OPERATIONS);
  expect(entries).toHaveLength(52);
  expect(OPERATIONS.addSubscriptionPreOrder).toMatchObject({ method: 'POST', path: '/partners/customers/{domainId}/subscriptions/pre-orders', access: 'write' });
  expect(OPERATIONS.listCustomers.access).toBe('read');
  for (const [, spec] of entries) expect(spec.successStatuses.length).toBeGreaterThan(0);
});

test('every GET accepts a partner.read token and every other method needs partner (scopes read from x-scopes, x-auth and security)', () => {
  for (const [id, spec] of Object.entries(OPERATIONS)) expect([id, spec.access]).toEqual([id, spec.method === 'GET' ? 'read' : 'write']);
});
