// Every one of the 52 operations, called through its typed method over real HTTP. A loopback server stands in for
// the Partner API: it records each request, validates it against openapi.yaml (method + path template, path and
// query parameters, JSON body) and answers with a schema-valid sample of the documented 2xx response.
import { StaticTokenProvider } from '../../partner-api/auth.js';
import { PartnerApiClient } from '../../partner-api/client.js';
import { OPERATIONS, type OperationId } from '../../partner-api/operations.js';
import { OperationRateLimits } from '../../partner-api/rate-limit.js';
import { startLoopbackServer, type LoopbackServer } from './support/loopback-server.js';
import { operationEntries } from './support/openapi.js';
import { matchRoute, validateRequest, type HttpRequestRecord, type ValidationResult } from './support/request-validator.js';
import { querySample, requestBodySample, successReply } from './support/samples.js';

const BASE_PATH = '/v1.0';
// Path parameter values; `domain` needs percent-encoding (a Japanese IDN label and a space).
const domainId = 10000001;
const subscriptionId = '1021';
const preOrderId = 7;
const optionProductId = 'ACV2';
const domain = 'テスト example.jp';

type Invoke = (client: PartnerApiClient, body: never, query: never) => Promise<unknown>;

/** One typed call per operation; `Record<OperationId, …>` makes the compiler insist on all of them. */
const calls: Record<OperationId, Invoke> = {
  verifyDomain: (c, body) => c.verifyDomain(body),
  listCustomers: (c, _b, query) => c.listCustomers(query),
  createCustomer: (c, body) => c.createCustomer(body),
  getCustomer: (c) => c.getCustomer(domainId),
  replaceCustomer: (c, body) => c.replaceCustomer(domainId, body),
  patchCustomer: (c, body) => c.patchCustomer(domainId, body),
  deleteCustomer: (c) => c.deleteCustomer(domainId),
  getUpgradeDomain: (c) => c.getUpgradeDomain(domainId),
  addUpgradeDomain: (c, body) => c.addUpgradeDomain(domainId, body),
  deleteUpgradeDomain: (c) => c.deleteUpgradeDomain(domainId),
  activateCustomer: (c) => c.activateCustomer(domainId),
  changeDomain: (c, body) => c.changeDomain(domainId, body),
  getPotentialCustomer: (c, _b, query) => c.getPotentialCustomer(domain, query),
  transferPotentialCustomer: (c, body) => c.transferPotentialCustomer(domain, body),
  getUsageStatus: (c) => c.getUsageStatus(domainId),
  patchUsageStatus: (c, body) => c.patchUsageStatus(domainId, body),
  addUsageStatusRenewal: (c, body) => c.addUsageStatusRenewal(domainId, body),
  patchUsageStatusRenewal: (c, body) => c.patchUsageStatusRenewal(domainId, body),
  deleteUsageStatusRenewal: (c) => c.deleteUsageStatusRenewal(domainId),
  listOptionProducts: (c) => c.listOptionProducts(domainId),
  addOptionProduct: (c, body) => c.addOptionProduct(domainId, body),
  cancelOptionProduct: (c) => c.cancelOptionProduct(domainId, optionProductId),
  upgradeOptionProduct: (c, body) => c.upgradeOptionProduct(domainId, optionProductId, body),
  addOptionProductQuantity: (c, body) => c.addOptionProductQuantity(domainId, optionProductId, body),
  listOptionProductOrders: (c) => c.listOptionProductOrders(domainId),
  addOptionProductOrders: (c, body) => c.addOptionProductOrders(domainId, body),
  getOptionProductOrder: (c) => c.getOptionProductOrder(domainId, optionProductId),
  patchOptionProductOrder: (c, body) => c.patchOptionProductOrder(domainId, optionProductId, body),
  deleteOptionProductOrder: (c) => c.deleteOptionProductOrder(domainId, optionProductId),
  getOptionProductRenewal: (c) => c.getOptionProductRenewal(domainId, optionProductId),
  patchOptionProductRenewal: (c, body) => c.patchOptionProductRenewal(domainId, optionProductId, body),
  listOptionProductUsages: (c, _b, query) => c.listOptionProductUsages(domainId, query),
  getCustomerUsages: (c, _b, query) => c.getCustomerUsages(domainId, query),
  listInvoices: (c, _b, query) => c.listInvoices(query),
  listInvoiceDetails: (c, _b, query) => c.listInvoiceDetails(query),
  listSubscriptions: (c) => c.listSubscriptions(domainId),
  addSubscription: (c, body) => c.addSubscription(domainId, body),
  getSubscription: (c) => c.getSubscription(domainId, subscriptionId),
  cancelSubscription: (c) => c.cancelSubscription(domainId, subscriptionId),
  listSubscriptionPreOrders: (c) => c.listSubscriptionPreOrders(domainId),
  addSubscriptionPreOrder: (c, body) => c.addSubscriptionPreOrder(domainId, body),
  patchSubscriptionPreOrder: (c, body) => c.patchSubscriptionPreOrder(domainId, preOrderId, body),
  deleteSubscriptionPreOrder: (c) => c.deleteSubscriptionPreOrder(domainId, preOrderId),
  getSubscriptionReservation: (c) => c.getSubscriptionReservation(domainId, subscriptionId),
  addSubscriptionReservation: (c, body) => c.addSubscriptionReservation(domainId, subscriptionId, body),
  patchSubscriptionReservation: (c, body) => c.patchSubscriptionReservation(domainId, subscriptionId, body),
  deleteSubscriptionReservation: (c) => c.deleteSubscriptionReservation(domainId, subscriptionId),
  getSubscriptionRenewal: (c) => c.getSubscriptionRenewal(domainId, subscriptionId),
  patchSubscriptionRenewal: (c, body) => c.patchSubscriptionRenewal(domainId, subscriptionId, body),
  convertSubscriptionToPaid: (c, body) => c.convertSubscriptionToPaid(domainId, subscriptionId, body),
  upgradeSubscription: (c, body) => c.upgradeSubscription(domainId, subscriptionId, body),
  addLicenseCount: (c, body) => c.addLicenseCount(domainId, subscriptionId, body),
};

/** What each method resolves to for its documented success answer. */
function expectedResult(id: OperationId, reply: { status: number; body?: unknown }): unknown {
  if (id === 'deleteCustomer' || id === 'transferPotentialCustomer') return { status: reply.status };
  return reply.body;
}

const expectedPathParams: Record<string, unknown> = { domainId, subscriptionId, preOrderId, optionProductId, domain };

/** The query sample, with a cursor that breaks if sent unencoded (+ would arrive as a space, = and / confuse parsers). */
function queryFor(id: OperationId): Record<string, unknown> {
  const query = querySample(id);
  return 'cursor' in query ? { ...query, cursor: 'kB+hF/ZjI=FJ==' } : query;
}

let server: LoopbackServer;
let client: PartnerApiClient;

beforeAll(async () => {
  server = await startLoopbackServer((request: HttpRequestRecord) => {
    const route = matchRoute(request.method, new URL(request.url, 'http://x').pathname.slice(BASE_PATH.length));
    if (!route) return { status: 404, body: { code: 'NOT_FOUND', description: 'no such operation' } };
    return successReply(route.entry.operationId);
  });
  client = new PartnerApiClient({
    baseUrl: `${server.url}${BASE_PATH}`,
    tokens: new StaticTokenProvider('test-token'),
    timeoutMs: 5_000,
    rateLimits: new OperationRateLimits(),
  });
});

afterAll(async () => {
  await server?.close();
});

test('the call table and openapi.yaml list the same 52 operations', () => {
  const specIds = operationEntries.map((e) => e.operationId).sort();
  expect(specIds).toHaveLength(52);
  expect(Object.keys(calls).sort()).toEqual(specIds);
  expect(Object.keys(OPERATIONS).sort()).toEqual(specIds);
});

test.each(Object.keys(calls) as OperationId[])('%s sends a request valid under openapi.yaml and returns the answer', async (id) => {
  const before = server.requests.length;
  const result = await calls[id](client, requestBodySample(id) as never, queryFor(id) as never);

  const sent = server.requests.slice(before);
  expect(sent).toHaveLength(1);
  const validation: ValidationResult = validateRequest(sent[0]!, BASE_PATH);
  expect(validation.errors).toEqual([]);
  expect(validation.operationId).toBe(id);
  for (const [name, value] of Object.entries(validation.path)) expect(value).toEqual(expectedPathParams[name]);
  expect(validation.query).toEqual(queryFor(id));
  if (validation.body !== undefined) expect(validation.body).toEqual(requestBodySample(id));
  expect(result).toEqual(expectedResult(id, successReply(id)));
});

describe('the request validator catches what the client must not send', () => {
  const valid: HttpRequestRecord = {
    method: 'GET',
    url: `${BASE_PATH}/partners/invoice-details?year=2021&month=6`,
    headers: { authorization: 'Bearer t' },
    body: '',
  };

  test('a valid request passes', () => {
    expect(validateRequest(valid, BASE_PATH).errors).toEqual([]);
  });

  test.each([
    ['a missing required query parameter', { url: `${BASE_PATH}/partners/invoice-details?year=2021` }, /required query parameter month/],
    ['an out-of-range query value', { url: `${BASE_PATH}/partners/invoice-details?year=2021&month=13` }, /month/],
    ['an undeclared query parameter', { url: `${BASE_PATH}/partners/invoice-details?year=2021&month=6&page=2` }, /page is not declared/],
    ['a non-integer path parameter', { url: `${BASE_PATH}/partners/customers/abc` }, /path parameter domainId/],
    ['an unknown path', { url: `${BASE_PATH}/partners/nothing` }, /no operation matches/],
    ['no bearer token', { headers: {} }, /Authorization/],
    ['a body on a GET', { body: '{}' }, /takes no request body/],
    [
      'a body that breaks its schema',
      { method: 'POST', url: `${BASE_PATH}/partners/customers/verify-domain`, headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: '{"domain":5}' },
      /body/,
    ],
    [
      'a missing required body',
      { method: 'POST', url: `${BASE_PATH}/partners/customers/verify-domain`, headers: { authorization: 'Bearer t' }, body: '' },
      /requires a request body/,
    ],
  ])('%s fails', (_name, change, message) => {
    const errors = validateRequest({ ...valid, ...change }, BASE_PATH).errors;
    expect(errors.join('\n')).toMatch(message);
  });

  test('pre-orders is a fixed segment, not a subscriptionId', () => {
    expect(matchRoute('GET', '/partners/customers/1/subscriptions/pre-orders')?.entry.operationId).toBe('listSubscriptionPreOrders');
    expect(matchRoute('GET', '/partners/customers/1/subscriptions/1021')?.entry.operationId).toBe('getSubscription');
  });
});
