// User-account tokens renewed with a refresh token (grant_type=refresh_token). The access token obtained from a
// refresh carries the scopes the user consented to, so one token serves every scope. When the app has
// "Refresh Token Rotation" ON, each refresh returns a new refresh token: it replaces the old one for the whole
// process, and `onRefreshToken` lets the application store it (the old one stops working).
import { inspect } from 'node:util';
import type { Logger } from 'pino';
import type { TokenProvider } from '../auth.js';
import { processTokenCache, type TokenCache } from './token-cache.js';
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

  constructor(options: RefreshTokenOptions) {
    const missing = (['clientId', 'clientSecret', 'refreshToken'] as const).filter((name) => !options[name]);
    if (missing.length > 0) throw new TypeError(`RefreshTokenProvider needs ${missing.join(', ')}`);
    this.clientId = options.clientId;
    this.tokenUrl = options.tokenUrl ?? DEFAULT_TOKEN_URL;
    this.#clientSecret = options.clientSecret;
    this.#initialRefreshToken = options.refreshToken;
    this.#options = { ...options, clientSecret: '[REDACTED]', refreshToken: '[REDACTED]', accessToken: undefined };
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

  async #refresh() {
    const refreshToken = latestRefreshTokens.get(this.#key) ?? this.#initialRefreshToken;
    const issued = await requestToken({
      url: this.tokenUrl,
      form: { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: this.clientId, client_secret: this.#clientSecret },
      timeoutMs: this.#options.timeoutMs ?? 10_000,
      secrets: [this.#clientSecret, refreshToken],
      logger: this.#options.logger,
    });
    if (issued.refreshToken && issued.refreshToken !== refreshToken) {
      latestRefreshTokens.set(this.#key, issued.refreshToken);
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
