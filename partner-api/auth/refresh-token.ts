// User-account tokens renewed with a refresh token (grant_type=refresh_token). The access token obtained from a
// refresh carries the scopes the user consented to, so one token serves every scope. When the app has
// "Refresh Token Rotation" ON, each refresh returns a new refresh token: it replaces the old one for the whole
// process and is saved to the `store` (refresh-token-store.ts), where a restarted or second worker finds it; the
// `onRefreshToken` callback tells the application as well (the old one stops working).
import { inspect } from 'node:util';
import type { Logger } from 'pino';
import type { TokenProvider } from '../auth.js';
import { processTokenCache, type TokenCache } from './token-cache.js';
import { PartnerCredentialsError } from '../errors.js';
import type { RefreshTokenStore } from './refresh-token-store.js';
import { requestToken } from './token-endpoint.js';
import { DEFAULT_TOKEN_URL } from './service-account.js';

export interface RefreshTokenOptions {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** An access token obtained together with the refresh token; used until the API refuses it. */
  accessToken?: string;
  tokenUrl?: string;
  /** Token request timeout in ms. Default 10000. */
  timeoutMs?: number;
  /** Called with each rotated refresh token so the application can persist it. */
  onRefreshToken?: (refreshToken: string) => void;
  /** Where rotated refresh tokens are kept for every worker (read before each refresh, written after a rotation). */
  store?: RefreshTokenStore;
  now?: () => number;
  cache?: TokenCache;
  renewMarginSeconds?: (lifetimeSeconds: number) => number;
  logger?: Logger;
}

/** The newest refresh token per key, shared by every provider in the process (rotation invalidates older ones). */
const latestRefreshTokens = new Map<string, string>();

export class RefreshTokenProvider implements TokenProvider {
  readonly clientId: string;
  readonly tokenUrl: string;
  readonly #clientSecret: string;
  readonly #initialRefreshToken: string;
  readonly #options: RefreshTokenOptions;
  readonly #cache: TokenCache;
  readonly #key: string;
  readonly #store: RefreshTokenStore | undefined;

  constructor(options: RefreshTokenOptions) {
    const missing = (['clientId', 'clientSecret', 'refreshToken'] as const).filter((name) => !options[name]);
    if (missing.length > 0) throw new TypeError(`RefreshTokenProvider needs ${missing.join(', ')}`);
    this.clientId = options.clientId;
    this.tokenUrl = options.tokenUrl ?? DEFAULT_TOKEN_URL;
    this.#clientSecret = options.clientSecret;
    this.#initialRefreshToken = options.refreshToken;
    this.#options = { ...options, clientSecret: '[REDACTED]', refreshToken: '[REDACTED]', accessToken: undefined };
    this.#store = options.store;
    this.#cache = options.cache ?? processTokenCache;
    // Scope-independent key: all scopes share one token, and one refresh at a time (rotation would race otherwise).
    this.#key = `refresh ${this.tokenUrl} ${this.clientId}`;
    if (options.accessToken) this.#cache.seed(this.#key, options.accessToken);
  }

  getToken(_scope: string, signal?: AbortSignal): Promise<string> {
    return this.#cache.get(this.#key, () => this.#refresh(), {
      now: this.#options.now ?? Date.now,
      signal,
      renewMarginSeconds: this.#options.renewMarginSeconds,
    });
  }

  invalidate(_scope: string, token: string): void {
    this.#cache.drop(this.#key, token);
  }

  /** The newest refresh token known: the store's (another worker may have rotated it), this process's, or the configured one. */
  async #newestRefreshToken(): Promise<string> {
    return (await this.#store?.load(this.#key)) ?? latestRefreshTokens.get(this.#key) ?? this.#initialRefreshToken;
  }

  async #refresh() {
    const refreshToken = await this.#newestRefreshToken();
    try {
      return await this.#refreshWith(refreshToken);
    } catch (err) {
      if (!(err instanceof PartnerCredentialsError)) throw err;
      // Refused (e.g. invalid_grant). Another worker may have rotated the token between our read and our request: its newer one is in the store.
      // And a stored token may be dead while the configured one was replaced by an operator. Either way, one retry
      // with a token we have not tried yet.
      const stored = await this.#store?.load(this.#key);
      const untried = [stored, this.#initialRefreshToken].find((token) => token !== undefined && token !== refreshToken);
      if (!untried) throw err;
      return this.#refreshWith(untried);
    }
  }

  async #refreshWith(refreshToken: string) {
    const issued = await requestToken({
      url: this.tokenUrl,
      form: { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: this.clientId, client_secret: this.#clientSecret },
      timeoutMs: this.#options.timeoutMs ?? 10_000,
      secrets: [this.#clientSecret, refreshToken],
      logger: this.#options.logger,
    });
    if (issued.refreshToken && issued.refreshToken !== refreshToken) {
      latestRefreshTokens.set(this.#key, issued.refreshToken);
      await this.#store?.save(this.#key, issued.refreshToken);
      this.#options.onRefreshToken?.(issued.refreshToken);
    }
    return issued;
  }

  toJSON(): string {
    return `RefreshTokenProvider(clientId=${this.clientId}, tokenUrl=${this.tokenUrl})`;
  }

  [inspect.custom](): string {
    return this.toJSON();
  }
}
