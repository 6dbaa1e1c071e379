// The LINE WORKS Partner API client: one got instance, one method per operation.
// got's own retry is off (Temporal retries activities, and blind retries of additive writes apply them twice);
// every request has a timeout and accepts an abort signal (the activity's cancellation signal).
import got, { RequestError, type Got } from 'got';
import type { Logger } from 'pino';
import type { TokenProvider } from './auth.js';
import { errorFromResponse, PartnerNetworkError, type PartnerApiError } from './errors.js';
import { buildPath, OPERATIONS, type OperationId } from './operations.js';
import type {
  Customer,
  CustomerCreateRequest,
  CustomerList,
  ListCustomersQuery,
  UpgradeDomain,
  VerifyDomainRequest,
  VerifyDomainResponse,
} from './types.js';

export interface PartnerApiClientOptions {
  /** Base URL including the version, e.g. `https://www.worksapis.com/v1.0` or the simulator's `http://127.0.0.1:8090/v1.0`. */
  baseUrl: string;
  tokens: TokenProvider;
  /** Whole-request timeout in ms. Default 30000. */
  timeoutMs?: number;
  /** Scopes requested for read and write operations. Default `partner.read` and `partner`. */
  scopes?: { read: string; write: string };
  /** Receives one line per call. Default: no logging. */
  logger?: Logger;
}

export interface CallOptions {
  path?: Record<string, string | number>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  signal?: AbortSignal;
}

export interface ApiResponse<T> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | undefined>;
}

/** Per-call options for the typed methods. */
export interface RequestOptions {
  signal?: AbortSignal;
}

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

  constructor(options: PartnerApiClientOptions) {
    if (!options.baseUrl) throw new TypeError('PartnerApiClient: baseUrl is required');
    this.#tokens = options.tokens;
    this.#scopes = options.scopes ?? { read: 'partner.read', write: 'partner' };
    this.#logger = options.logger;
    this.#http = got.extend({
      prefixUrl: options.baseUrl.replace(/\/+$/, ''),
      retry: { limit: 0 },
      timeout: { request: options.timeoutMs ?? 30_000 },
      throwHttpErrors: false,
      followRedirect: false,
      responseType: 'text',
    });
  }

  /** Calls an operation by operationId. Resolves with 2xx answers; rejects with a PartnerApiError otherwise. */
  async call<T>(operation: OperationId, options: CallOptions = {}): Promise<ApiResponse<T>> {
    const spec = OPERATIONS[operation];
    const scope = spec.access === 'read' ? this.#scopes.read : this.#scopes.write;
    const url = buildPath(spec.path, options.path).replace(/^\//, '');
    const searchParams = Object.fromEntries(
      Object.entries(options.query ?? {}).filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined),
    );

    for (let authAttempt = 1; ; authAttempt++) {
      const token = await this.#tokens.getToken(scope, options.signal);
      const started = performance.now();
      let response;
      try {
        response = await this.#http(url, {
          method: spec.method,
          searchParams,
          headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
          ...(options.body === undefined ? {} : { json: options.body }),
          signal: options.signal,
        });
      } catch (err) {
        const error = new PartnerNetworkError(err instanceof RequestError ? `${err.code}: ${err.message}` : String(err), {
          operation,
          cause: err,
        });
        this.#log(operation, spec.method, undefined, started, authAttempt, error);
        throw error;
      }
      const body = parseBody(response.body);
      const headers = response.headers as ApiResponse<T>['headers'];
      const status = response.statusCode;
      if (status >= 200 && status < 300) {
        this.#log(operation, spec.method, status, started, authAttempt);
        return { status, body: body as T, headers };
      }
      const error = errorFromResponse(operation, status, body, headers);
      this.#log(operation, spec.method, status, started, authAttempt, error);
      // An expired token shows up as 401, or as 403 with code UNAUTHORIZED: renew once and try again.
      const tokenRefused = status === 401 || (status === 403 && error.apiCode === 'UNAUTHORIZED');
      if (tokenRefused && authAttempt === 1) {
        this.#tokens.invalidate(scope, token);
        continue;
      }
      throw error;
    }
  }

  #log(operation: string, method: string, status: number | undefined, started: number, authAttempt: number, error?: PartnerApiError) {
    if (!this.#logger) return;
    const line = { operation, method, status, durationMs: Math.round(performance.now() - started), authAttempt };
    if (error) this.#logger.warn({ ...line, errorCode: error.code, apiCode: error.apiCode }, 'partner api call failed');
    else this.#logger.info(line, 'partner api call');
  }

  async verifyDomain(body: VerifyDomainRequest, options: RequestOptions = {}): Promise<VerifyDomainResponse> {
    return (await this.call<VerifyDomainResponse>('verifyDomain', { body, ...options })).body;
  }

  async createCustomer(body: CustomerCreateRequest, options: RequestOptions = {}): Promise<Customer> {
    return (await this.call<Customer>('createCustomer', { body, ...options })).body;
  }

  async listCustomers(query: ListCustomersQuery = {}, options: RequestOptions = {}): Promise<CustomerList> {
    return (await this.call<CustomerList>('listCustomers', { query: { ...query }, ...options })).body;
  }

  async getCustomer(domainId: number, options: RequestOptions = {}): Promise<Customer> {
    return (await this.call<Customer>('getCustomer', { path: { domainId }, ...options })).body;
  }

  async getUpgradeDomain(domainId: number, options: RequestOptions = {}): Promise<UpgradeDomain> {
    return (await this.call<UpgradeDomain>('getUpgradeDomain', { path: { domainId }, ...options })).body;
  }

  async activateCustomer(domainId: number, options: RequestOptions = {}): Promise<Customer> {
    return (await this.call<Customer>('activateCustomer', { path: { domainId }, ...options })).body;
  }
}
