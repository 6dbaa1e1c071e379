// The LINE WORKS Partner API client: one got instance, one typed method per operation of openapi.yaml.
// got's own retry is off (Temporal retries activities, and blind retries of additive writes apply them twice);
// every request has a timeout, waits for the operation's rate limiter (which learns the partner-wide count from each
// answer's rate-limit headers) and accepts an abort signal (the activity's
// cancellation signal). Types come from the generated schema via operation-types.ts.
//
// Answers without a body: operations documented as 204 resolve to `undefined`; deleteCustomer and
// transferPotentialCustomer resolve to `{ status }` because 202 (accepted, finishing in the background) and 204
// (done) mean different things to the caller. Operations documented only as "2XX" resolve to the body, or
// `undefined` if the API sends none.
import got, { RequestError, TimeoutError, type Got } from 'got';
import type { Logger } from 'pino';
import type { TokenProvider } from './auth.js';
import { errorFromResponse, PartnerAbortedError, PartnerNetworkError, PartnerNotSentError, PartnerTimeoutError, type PartnerApiError } from './errors.js';
import type { OperationName, PathParam, PathParams, QueryParams, RequestBody, ResponseBody } from './operation-types.js';
import { buildPath, buildQuery, OPERATIONS, type OperationId, type QueryValue } from './operations.js';
import { paginate } from './pagination.js';
import { sharedRateLimits, type OperationRateLimits } from './rate-limit.js';
import type { PartnerApiObserver } from './observer.js';

export interface PartnerApiClientOptions {
  /** Base URL including the version, e.g. `https://www.worksapis.com/v1.0` or the simulator's `http://127.0.0.1:8090/v1.0`. */
  baseUrl: string;
  tokens: TokenProvider;
  /** Whole-request timeout in ms. Default 30000. */
  timeoutMs?: number;
  /** Scopes requested for read and write operations. Default `partner.read` and `partner`. */
  scopes?: { read: string; write: string };
  /** Receives one line per HTTP request. Default: no logging. */
  logger?: Logger;
  /**
   * Per-operation rate limiters. Default: the process-wide limiters for this base URL at `rateLimitPerMinute`.
   * `false` turns client-side limiting off.
   */
  rateLimits?: OperationRateLimits | false;
  /** Requests per minute per operation for the default limiters. Default 240 (paid plans); 60 on the Free plan. */
  rateLimitPerMinute?: number;
  /** Told about every request and token (metrics, traces: observability/). Default: none. */
  observer?: PartnerApiObserver;
}

export interface CallOptions {
  path?: Record<string, string | number>;
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
  /**
   * Time (ms since epoch) by which the answer must be in: the caller's attempt ends then. Checked after the rate
   * limiter's wait and the token fetch, right before sending: with less than MIN_REQUEST_MS left the request is not
   * sent (PartnerNotSentError); otherwise its timeout is cut so that it ends by then.
   */
  deadline?: number;
  /**
   * Awaited after the rate limiter's wait and the token fetch, right before the request goes out (before the deadline
   * check, so its own time counts): a writer records "sent now" here, since the limiter may have held it for a while.
   * A failure of the hook fails the call unsent.
   */
  beforeSend?: () => void | Promise<void>;
}

/** The least time a request is given; with less left before the caller's deadline it is not sent. */
export const MIN_REQUEST_MS = 5_000;
/** Upper bound of the request timeout (LINEWORKS_TIMEOUT_MS), so one request always fits inside an activity attempt. */
export const MAX_REQUEST_TIMEOUT_MS = 30_000;

export interface ApiResponse<T> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | undefined>;
}

/** Per-call options for the typed methods. */
export interface RequestOptions {
  signal?: AbortSignal;
  /** See CallOptions.deadline. */
  deadline?: number;
  /** See CallOptions.beforeSend. */
  beforeSend?: () => void | Promise<void>;
}

/** Typed input of one operation: its path parameters, query and JSON body. */
export interface OperationInput<Id extends OperationName> {
  path?: PathParams<Id>;
  query?: QueryParams<Id>;
  body?: RequestBody<Id>;
}

/** The answer of an operation that may finish in the background: 202 = accepted, 204 = done. */
export interface AcceptedResult {
  status: number;
}

type P<Id extends OperationName, Name extends keyof PathParams<Id>> = PathParam<Id, Name>;
type Q<Id extends OperationName> = QueryParams<Id>;
type B<Id extends OperationName> = RequestBody<Id>;
type R<Id extends OperationName> = ResponseBody<Id>;
type Item<T> = T extends Array<infer I> ? I : never;

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export class PartnerApiClient {
  readonly #http: Got;
  readonly #tokens: TokenProvider;
  readonly #scopes: { read: string; write: string };
  readonly #logger?: Logger;
  readonly #limits?: OperationRateLimits;
  readonly #timeoutMs: number;
  readonly #observer?: PartnerApiObserver;
  /** The last token used per scope, so the observer hears when a new one comes into use. */
  readonly #lastToken = new Map<string, string>();

  constructor(options: PartnerApiClientOptions) {
    if (!options.baseUrl) throw new TypeError('PartnerApiClient: baseUrl is required');
    if (!options.tokens) throw new TypeError('PartnerApiClient: tokens (a TokenProvider) is required');
    const baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#tokens = options.tokens;
    this.#scopes = options.scopes ?? { read: 'partner.read', write: 'partner' };
    this.#logger = options.logger;
    this.#observer = options.observer;
    this.#timeoutMs = Math.min(options.timeoutMs ?? MAX_REQUEST_TIMEOUT_MS, MAX_REQUEST_TIMEOUT_MS);
    this.#limits = options.rateLimits === false ? undefined : (options.rateLimits ?? sharedRateLimits(baseUrl, options.rateLimitPerMinute));
    this.#http = got.extend({
      prefixUrl: baseUrl,
      retry: { limit: 0 },
      timeout: { request: this.#timeoutMs },
      throwHttpErrors: false,
      followRedirect: false,
      responseType: 'text',
    });
  }

  /** Calls an operation by operationId. Resolves with 2xx answers; rejects with a PartnerApiError otherwise. */
  async call<T>(operation: OperationId, options: CallOptions = {}): Promise<ApiResponse<T>> {
    const spec = OPERATIONS[operation];
    const scope = spec.access === 'read' ? this.#scopes.read : this.#scopes.write;
    const query = buildQuery(options.query);
    const url = buildPath(spec.path, options.path).replace(/^\//, '') + (query ? `?${query}` : '');

    let refused: { token: string; error: PartnerApiError } | undefined;
    for (let attempt = 1; ; attempt++) {
      let started = performance.now();
      let token: string;
      let waitedMs = 0;
      if (this.#limits) waitedMs = await this.#limits.acquire(operation, options.signal);
      // From here on the limiter counts this request as in flight: it hears how it ended exactly once.
      const limits = this.#limits;
      const unanswered = () => limits?.unanswered(operation);
      try {
        started = performance.now();
        token = await this.#tokens.getToken(scope, options.signal);
      } catch (err) {
        unanswered();
        if (!options.signal?.aborted) this.#observer?.tokenFailed?.(scope);
        if (!options.signal?.aborted) this.#log({ operation, method: spec.method, started, attempt, waitedMs }, err as PartnerApiError);
        throw err;
      }
      // A provider that cannot renew (a fixed token) hands back the refused token: sending it again is pointless.
      if (refused && token === refused.token) {
        unanswered();
        throw refused.error;
      }
      if (this.#observer && this.#lastToken.get(scope) !== token) {
        this.#lastToken.set(scope, token);
        this.#observer.tokenIssued?.(scope);
      }
      if (options.beforeSend) {
        try {
          await options.beforeSend();
        } catch (err) {
          unanswered();
          throw err;
        }
      }
      // The caller's budget counts the limiter wait and the token fetch: never send what cannot end in time.
      const timeLeftMs = options.deadline === undefined ? Infinity : options.deadline - Date.now();
      if (timeLeftMs < MIN_REQUEST_MS) {
        unanswered();
        throw new PartnerNotSentError(`only ${Math.max(0, Math.round(timeLeftMs))} ms left before the caller's deadline after waiting ${waitedMs} ms for the rate limit`, { operation });
      }
      const timeoutMs = Math.min(this.#timeoutMs, timeLeftMs);
      started = performance.now();
      let response;
      try {
        response = await this.#http(url, {
          method: spec.method,
          headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
          ...(options.body === undefined ? {} : { json: options.body }),
          timeout: { request: timeoutMs },
          signal: options.signal,
        });
      } catch (err) {
        unanswered();
        // Cancelled after the request went out (activity cancelled, worker shutting down): the server may still apply
        // it. PartnerAbortedError carries the caller's own abort reason (its `cause`) and says the answer is unknown.
        if (options.signal?.aborted) throw new PartnerAbortedError('cancelled while the request was in flight; it may still be applied', { operation, cause: options.signal.reason });
        // got's error holds the request options (with the authorization header): keep only its code and message.
        const networkCode = err instanceof RequestError ? err.code : undefined;
        const error =
          err instanceof TimeoutError
            ? new PartnerTimeoutError(`no answer within ${timeoutMs} ms`, { operation, networkCode })
            : new PartnerNetworkError(err instanceof Error ? err.message : String(err), { operation, networkCode });
        this.#log({ operation, method: spec.method, started, attempt, waitedMs }, error);
        throw error;
      }
      const body = parseBody(response.body);
      const headers = response.headers as ApiResponse<T>['headers'];
      const status = response.statusCode;
      limits?.answered(operation, status, headers);
      const line = { operation, method: spec.method, status, started, attempt, waitedMs, rateLimitRemaining: headers['ratelimit-remaining'] };
      if (status >= 200 && status < 300) {
        this.#log(line);
        return { status, body: body as T, headers };
      }
      const error = errorFromResponse(operation, status, body, headers);
      this.#log(line, error);
      // An expired token shows up as 401, or as 403 with code UNAUTHORIZED: renew once and try again.
      const tokenRefused = status === 401 || (status === 403 && error.apiCode === 'UNAUTHORIZED');
      if (tokenRefused && attempt === 1) {
        this.#tokens.invalidate(scope, token);
        this.#observer?.tokenRefused?.(scope);
        refused = { token, error };
        continue;
      }
      throw error;
    }
  }

  /** Typed form of {@link call}: input and answer types come from `operations[id]` of the generated schema. */
  request<Id extends OperationName & OperationId>(id: Id, input: OperationInput<Id> = {}, options: RequestOptions = {}): Promise<ApiResponse<R<Id>>> {
    return this.call<R<Id>>(id, {
      path: input.path as Record<string, string | number> | undefined,
      query: input.query as Record<string, QueryValue> | undefined,
      body: input.body,
      signal: options.signal,
      deadline: options.deadline,
      beforeSend: options.beforeSend,
    });
  }

  async #body<Id extends OperationName & OperationId>(id: Id, input: OperationInput<Id>, options: RequestOptions): Promise<R<Id>> {
    return (await this.request(id, input, options)).body;
  }

  async #noContent<Id extends OperationName & OperationId>(id: Id, input: OperationInput<Id>, options: RequestOptions): Promise<void> {
    await this.request(id, input, options);
  }

  async #accepted<Id extends OperationName & OperationId>(id: Id, input: OperationInput<Id>, options: RequestOptions): Promise<AcceptedResult> {
    return { status: (await this.request(id, input, options)).status };
  }

  #log(
    line: { operation: string; method: string; status?: number; started: number; attempt: number; waitedMs: number; rateLimitRemaining?: unknown },
    error?: PartnerApiError,
  ) {
    const durationMs = performance.now() - line.started;
    if (this.#observer) {
      const remaining = Number(Array.isArray(line.rateLimitRemaining) ? line.rateLimitRemaining[0] : line.rateLimitRemaining);
      this.#observer.requestFinished({
        operation: line.operation,
        method: line.method,
        attempt: line.attempt,
        status: line.status,
        errorCode: error?.code,
        startTimeMs: Date.now() - durationMs,
        durationMs,
        waitedMs: line.waitedMs,
        ...(line.rateLimitRemaining !== undefined && Number.isFinite(remaining) ? { rateLimitRemaining: remaining } : {}),
      });
    }
    if (!this.#logger) return;
    const { started: _started, ...fields } = line;
    const entry = { ...fields, durationMs: Math.round(durationMs) };
    if (error) this.#logger.warn({ ...entry, errorCode: error.code, apiCode: error.apiCode }, 'partner api call failed');
    else this.#logger.info(entry, 'partner api call');
  }

  // ---- Customers -------------------------------------------------------------------------------------------------

  verifyDomain(body: B<'verifyDomain'>, options: RequestOptions = {}): Promise<R<'verifyDomain'>> {
    return this.#body('verifyDomain', { body }, options);
  }

  listCustomers(query: Q<'listCustomers'> = {}, options: RequestOptions = {}): Promise<R<'listCustomers'>> {
    return this.#body('listCustomers', { query }, options);
  }

  /** Every customer, page by page (`count` sets the page size; the cursor is handled here). */
  iterateCustomers(query: Omit<Q<'listCustomers'>, 'cursor'> = {}, options: RequestOptions = {}): AsyncGenerator<Item<R<'listCustomers'>['customers']>> {
    return paginate(
      (cursor) => this.listCustomers({ ...query, cursor }, options),
      (page) => page.customers,
    );
  }

  createCustomer(body: B<'createCustomer'>, options: RequestOptions = {}): Promise<R<'createCustomer'>> {
    return this.#body('createCustomer', { body }, options);
  }

  getCustomer(domainId: P<'getCustomer', 'domainId'>, options: RequestOptions = {}): Promise<R<'getCustomer'>> {
    return this.#body('getCustomer', { path: { domainId } }, options);
  }

  replaceCustomer(domainId: P<'replaceCustomer', 'domainId'>, body: B<'replaceCustomer'>, options: RequestOptions = {}): Promise<R<'replaceCustomer'>> {
    return this.#body('replaceCustomer', { path: { domainId }, body }, options);
  }

  patchCustomer(domainId: P<'patchCustomer', 'domainId'>, body: B<'patchCustomer'>, options: RequestOptions = {}): Promise<R<'patchCustomer'>> {
    return this.#body('patchCustomer', { path: { domainId }, body }, options);
  }

  /** `{status: 204}` when deleted; `{status: 202}` when the tenant entered the (irreversible) pending-withdrawal state. */
  deleteCustomer(domainId: P<'deleteCustomer', 'domainId'>, options: RequestOptions = {}): Promise<AcceptedResult> {
    return this.#accepted('deleteCustomer', { path: { domainId } }, options);
  }

  getUpgradeDomain(domainId: P<'getUpgradeDomain', 'domainId'>, options: RequestOptions = {}): Promise<R<'getUpgradeDomain'>> {
    return this.#body('getUpgradeDomain', { path: { domainId } }, options);
  }

  addUpgradeDomain(domainId: P<'addUpgradeDomain', 'domainId'>, body: B<'addUpgradeDomain'>, options: RequestOptions = {}): Promise<R<'addUpgradeDomain'>> {
    return this.#body('addUpgradeDomain', { path: { domainId }, body }, options);
  }

  deleteUpgradeDomain(domainId: P<'deleteUpgradeDomain', 'domainId'>, options: RequestOptions = {}): Promise<void> {
    return this.#noContent('deleteUpgradeDomain', { path: { domainId } }, options);
  }

  activateCustomer(domainId: P<'activateCustomer', 'domainId'>, options: RequestOptions = {}): Promise<R<'activateCustomer'>> {
    return this.#body('activateCustomer', { path: { domainId } }, options);
  }

  changeDomain(domainId: P<'changeDomain', 'domainId'>, body: B<'changeDomain'>, options: RequestOptions = {}): Promise<void> {
    return this.#noContent('changeDomain', { path: { domainId }, body }, options);
  }

  getPotentialCustomer(domain: P<'getPotentialCustomer', 'domain'>, query: Q<'getPotentialCustomer'>, options: RequestOptions = {}): Promise<R<'getPotentialCustomer'>> {
    return this.#body('getPotentialCustomer', { path: { domain }, query }, options);
  }

  /** `{status: 202}`: the transfer was accepted and completes in the background. */
  transferPotentialCustomer(
    domain: P<'transferPotentialCustomer', 'domain'>,
    body: B<'transferPotentialCustomer'>,
    options: RequestOptions = {},
  ): Promise<AcceptedResult> {
    return this.#accepted('transferPotentialCustomer', { path: { domain }, body }, options);
  }

  // ---- Usage status ----------------------------------------------------------------------------------------------

  getUsageStatus(domainId: P<'getUsageStatus', 'domainId'>, options: RequestOptions = {}): Promise<R<'getUsageStatus'>> {
    return this.#body('getUsageStatus', { path: { domainId } }, options);
  }

  patchUsageStatus(domainId: P<'patchUsageStatus', 'domainId'>, body: B<'patchUsageStatus'>, options: RequestOptions = {}): Promise<R<'patchUsageStatus'>> {
    return this.#body('patchUsageStatus', { path: { domainId }, body }, options);
  }

  addUsageStatusRenewal(
    domainId: P<'addUsageStatusRenewal', 'domainId'>,
    body: B<'addUsageStatusRenewal'>,
    options: RequestOptions = {},
  ): Promise<R<'addUsageStatusRenewal'>> {
    return this.#body('addUsageStatusRenewal', { path: { domainId }, body }, options);
  }

  patchUsageStatusRenewal(
    domainId: P<'patchUsageStatusRenewal', 'domainId'>,
    body: B<'patchUsageStatusRenewal'>,
    options: RequestOptions = {},
  ): Promise<R<'patchUsageStatusRenewal'>> {
    return this.#body('patchUsageStatusRenewal', { path: { domainId }, body }, options);
  }

  deleteUsageStatusRenewal(domainId: P<'deleteUsageStatusRenewal', 'domainId'>, options: RequestOptions = {}): Promise<void> {
    return this.#noContent('deleteUsageStatusRenewal', { path: { domainId } }, options);
  }

  // ---- Option products -------------------------------------------------------------------------------------------

  listOptionProducts(domainId: P<'listOptionProducts', 'domainId'>, options: RequestOptions = {}): Promise<R<'listOptionProducts'>> {
    return this.#body('listOptionProducts', { path: { domainId } }, options);
  }

  /** Documented only as "2XX": `undefined` if the API answers without a body. */
  addOptionProduct(
    domainId: P<'addOptionProduct', 'domainId'>,
    body: B<'addOptionProduct'>,
    options: RequestOptions = {},
  ): Promise<R<'addOptionProduct'> | undefined> {
    return this.#body('addOptionProduct', { path: { domainId }, body }, options);
  }

  cancelOptionProduct(
    domainId: P<'cancelOptionProduct', 'domainId'>,
    optionProductId: P<'cancelOptionProduct', 'optionProductId'>,
    options: RequestOptions = {},
  ): Promise<void> {
    return this.#noContent('cancelOptionProduct', { path: { domainId, optionProductId } }, options);
  }

  upgradeOptionProduct(
    domainId: P<'upgradeOptionProduct', 'domainId'>,
    optionProductId: P<'upgradeOptionProduct', 'optionProductId'>,
    body: B<'upgradeOptionProduct'>,
    options: RequestOptions = {},
  ): Promise<R<'upgradeOptionProduct'>> {
    return this.#body('upgradeOptionProduct', { path: { domainId, optionProductId }, body }, options);
  }

  /** Additive: a repeated call adds the quantity twice. Documented only as "2XX": `undefined` without a body. */
  addOptionProductQuantity(
    domainId: P<'addOptionProductQuantity', 'domainId'>,
    optionProductId: P<'addOptionProductQuantity', 'optionProductId'>,
    body: B<'addOptionProductQuantity'>,
    options: RequestOptions = {},
  ): Promise<R<'addOptionProductQuantity'> | undefined> {
    return this.#body('addOptionProductQuantity', { path: { domainId, optionProductId }, body }, options);
  }

  listOptionProductOrders(domainId: P<'listOptionProductOrders', 'domainId'>, options: RequestOptions = {}): Promise<R<'listOptionProductOrders'>> {
    return this.#body('listOptionProductOrders', { path: { domainId } }, options);
  }

  /** Documented only as "2XX": `undefined` if the API answers without a body. */
  addOptionProductOrders(
    domainId: P<'addOptionProductOrders', 'domainId'>,
    body: B<'addOptionProductOrders'>,
    options: RequestOptions = {},
  ): Promise<R<'addOptionProductOrders'> | undefined> {
    return this.#body('addOptionProductOrders', { path: { domainId }, body }, options);
  }

  getOptionProductOrder(
    domainId: P<'getOptionProductOrder', 'domainId'>,
    optionProductId: P<'getOptionProductOrder', 'optionProductId'>,
    options: RequestOptions = {},
  ): Promise<R<'getOptionProductOrder'>> {
    return this.#body('getOptionProductOrder', { path: { domainId, optionProductId } }, options);
  }

  /** Documented only as "2XX": `undefined` if the API answers without a body. */
  patchOptionProductOrder(
    domainId: P<'patchOptionProductOrder', 'domainId'>,
    optionProductId: P<'patchOptionProductOrder', 'optionProductId'>,
    body: B<'patchOptionProductOrder'>,
    options: RequestOptions = {},
  ): Promise<R<'patchOptionProductOrder'> | undefined> {
    return this.#body('patchOptionProductOrder', { path: { domainId, optionProductId }, body }, options);
  }

  deleteOptionProductOrder(
    domainId: P<'deleteOptionProductOrder', 'domainId'>,
    optionProductId: P<'deleteOptionProductOrder', 'optionProductId'>,
    options: RequestOptions = {},
  ): Promise<void> {
    return this.#noContent('deleteOptionProductOrder', { path: { domainId, optionProductId } }, options);
  }

  getOptionProductRenewal(
    domainId: P<'getOptionProductRenewal', 'domainId'>,
    optionProductId: P<'getOptionProductRenewal', 'optionProductId'>,
    options: RequestOptions = {},
  ): Promise<R<'getOptionProductRenewal'>> {
    return this.#body('getOptionProductRenewal', { path: { domainId, optionProductId } }, options);
  }

  /** Documented only as "2XX": `undefined` if the API answers without a body. */
  patchOptionProductRenewal(
    domainId: P<'patchOptionProductRenewal', 'domainId'>,
    optionProductId: P<'patchOptionProductRenewal', 'optionProductId'>,
    body: B<'patchOptionProductRenewal'>,
    options: RequestOptions = {},
  ): Promise<R<'patchOptionProductRenewal'> | undefined> {
    return this.#body('patchOptionProductRenewal', { path: { domainId, optionProductId }, body }, options);
  }

  listOptionProductUsages(
    domainId: P<'listOptionProductUsages', 'domainId'>,
    query: Q<'listOptionProductUsages'>,
    options: RequestOptions = {},
  ): Promise<R<'listOptionProductUsages'>> {
    return this.#body('listOptionProductUsages', { path: { domainId }, query }, options);
  }

  // ---- Usage and billing -----------------------------------------------------------------------------------------

  getCustomerUsages(domainId: P<'getCustomerUsages', 'domainId'>, query: Q<'getCustomerUsages'>, options: RequestOptions = {}): Promise<R<'getCustomerUsages'>> {
    return this.#body('getCustomerUsages', { path: { domainId }, query }, options);
  }

  listInvoices(query: Q<'listInvoices'>, options: RequestOptions = {}): Promise<R<'listInvoices'>> {
    return this.#body('listInvoices', { query }, options);
  }

  listInvoiceDetails(query: Q<'listInvoiceDetails'>, options: RequestOptions = {}): Promise<R<'listInvoiceDetails'>> {
    return this.#body('listInvoiceDetails', { query }, options);
  }

  /** Every invoice line of a month, page by page. */
  iterateInvoiceDetails(
    query: Omit<Q<'listInvoiceDetails'>, 'cursor'>,
    options: RequestOptions = {},
  ): AsyncGenerator<Item<R<'listInvoiceDetails'>['invoiceDetails']>> {
    return paginate(
      (cursor) => this.listInvoiceDetails({ ...query, cursor }, options),
      (page) => page.invoiceDetails,
    );
  }

  // ---- Subscriptions (subscriptionId is a string in paths; `pre-orders` is a fixed segment, not an id) -------------

  listSubscriptions(domainId: P<'listSubscriptions', 'domainId'>, options: RequestOptions = {}): Promise<R<'listSubscriptions'>> {
    return this.#body('listSubscriptions', { path: { domainId } }, options);
  }

  addSubscription(domainId: P<'addSubscription', 'domainId'>, body: B<'addSubscription'>, options: RequestOptions = {}): Promise<R<'addSubscription'>> {
    return this.#body('addSubscription', { path: { domainId }, body }, options);
  }

  getSubscription(
    domainId: P<'getSubscription', 'domainId'>,
    subscriptionId: P<'getSubscription', 'subscriptionId'>,
    options: RequestOptions = {},
  ): Promise<R<'getSubscription'>> {
    return this.#body('getSubscription', { path: { domainId, subscriptionId } }, options);
  }

  cancelSubscription(
    domainId: P<'cancelSubscription', 'domainId'>,
    subscriptionId: P<'cancelSubscription', 'subscriptionId'>,
    options: RequestOptions = {},
  ): Promise<void> {
    return this.#noContent('cancelSubscription', { path: { domainId, subscriptionId } }, options);
  }

  listSubscriptionPreOrders(domainId: P<'listSubscriptionPreOrders', 'domainId'>, options: RequestOptions = {}): Promise<R<'listSubscriptionPreOrders'>> {
    return this.#body('listSubscriptionPreOrders', { path: { domainId } }, options);
  }

  /** Additive: each call probably creates a new pre-order. Read the list back before retrying. */
  addSubscriptionPreOrder(
    domainId: P<'addSubscriptionPreOrder', 'domainId'>,
    body: B<'addSubscriptionPreOrder'>,
    options: RequestOptions = {},
  ): Promise<R<'addSubscriptionPreOrder'>> {
    return this.#body('addSubscriptionPreOrder', { path: { domainId }, body }, options);
  }

  patchSubscriptionPreOrder(
    domainId: P<'patchSubscriptionPreOrder', 'domainId'>,
    preOrderId: P<'patchSubscriptionPreOrder', 'preOrderId'>,
    body: B<'patchSubscriptionPreOrder'>,
    options: RequestOptions = {},
  ): Promise<R<'patchSubscriptionPreOrder'>> {
    return this.#body('patchSubscriptionPreOrder', { path: { domainId, preOrderId }, body }, options);
  }

  deleteSubscriptionPreOrder(
    domainId: P<'deleteSubscriptionPreOrder', 'domainId'>,
    preOrderId: P<'deleteSubscriptionPreOrder', 'preOrderId'>,
    options: RequestOptions = {},
  ): Promise<void> {
    return this.#noContent('deleteSubscriptionPreOrder', { path: { domainId, preOrderId } }, options);
  }

  getSubscriptionReservation(
    domainId: P<'getSubscriptionReservation', 'domainId'>,
    subscriptionId: P<'getSubscriptionReservation', 'subscriptionId'>,
    options: RequestOptions = {},
  ): Promise<R<'getSubscriptionReservation'>> {
    return this.#body('getSubscriptionReservation', { path: { domainId, subscriptionId } }, options);
  }

  addSubscriptionReservation(
    domainId: P<'addSubscriptionReservation', 'domainId'>,
    subscriptionId: P<'addSubscriptionReservation', 'subscriptionId'>,
    body: B<'addSubscriptionReservation'>,
    options: RequestOptions = {},
  ): Promise<R<'addSubscriptionReservation'>> {
    return this.#body('addSubscriptionReservation', { path: { domainId, subscriptionId }, body }, options);
  }

  patchSubscriptionReservation(
    domainId: P<'patchSubscriptionReservation', 'domainId'>,
    subscriptionId: P<'patchSubscriptionReservation', 'subscriptionId'>,
    body: B<'patchSubscriptionReservation'>,
    options: RequestOptions = {},
  ): Promise<R<'patchSubscriptionReservation'>> {
    return this.#body('patchSubscriptionReservation', { path: { domainId, subscriptionId }, body }, options);
  }

  deleteSubscriptionReservation(
    domainId: P<'deleteSubscriptionReservation', 'domainId'>,
    subscriptionId: P<'deleteSubscriptionReservation', 'subscriptionId'>,
    options: RequestOptions = {},
  ): Promise<void> {
    return this.#noContent('deleteSubscriptionReservation', { path: { domainId, subscriptionId } }, options);
  }

  getSubscriptionRenewal(
    domainId: P<'getSubscriptionRenewal', 'domainId'>,
    subscriptionId: P<'getSubscriptionRenewal', 'subscriptionId'>,
    options: RequestOptions = {},
  ): Promise<R<'getSubscriptionRenewal'>> {
    return this.#body('getSubscriptionRenewal', { path: { domainId, subscriptionId } }, options);
  }

  patchSubscriptionRenewal(
    domainId: P<'patchSubscriptionRenewal', 'domainId'>,
    subscriptionId: P<'patchSubscriptionRenewal', 'subscriptionId'>,
    body: B<'patchSubscriptionRenewal'>,
    options: RequestOptions = {},
  ): Promise<R<'patchSubscriptionRenewal'>> {
    return this.#body('patchSubscriptionRenewal', { path: { domainId, subscriptionId }, body }, options);
  }

  convertSubscriptionToPaid(
    domainId: P<'convertSubscriptionToPaid', 'domainId'>,
    subscriptionId: P<'convertSubscriptionToPaid', 'subscriptionId'>,
    body: B<'convertSubscriptionToPaid'>,
    options: RequestOptions = {},
  ): Promise<R<'convertSubscriptionToPaid'>> {
    return this.#body('convertSubscriptionToPaid', { path: { domainId, subscriptionId }, body }, options);
  }

  upgradeSubscription(
    domainId: P<'upgradeSubscription', 'domainId'>,
    subscriptionId: P<'upgradeSubscription', 'subscriptionId'>,
    body: B<'upgradeSubscription'>,
    options: RequestOptions = {},
  ): Promise<R<'upgradeSubscription'>> {
    return this.#body('upgradeSubscription', { path: { domainId, subscriptionId }, body }, options);
  }

  /** Additive: the count is added, not set; a repeated call adds it twice. Read the subscription back before retrying. */
  addLicenseCount(
    domainId: P<'addLicenseCount', 'domainId'>,
    subscriptionId: P<'addLicenseCount', 'subscriptionId'>,
    body: B<'addLicenseCount'>,
    options: RequestOptions = {},
  ): Promise<R<'addLicenseCount'>> {
    return this.#body('addLicenseCount', { path: { domainId, subscriptionId }, body }, options);
  }
}
