// Access tokens cached per key (token endpoint + client id + scope) and shared by every caller in the process.
// A token is renewed a margin before it expires (so it cannot expire mid-request), and concurrent callers that
// find no valid token share ONE token request (single flight) instead of each minting their own.
import { abortable } from './abortable.js';

/** What a token endpoint answered, with `expires_in` already turned into a number. */
export interface IssuedToken {
  accessToken: string;
  expiresInSeconds: number;
  refreshToken?: string;
  scope?: string;
}

interface CachedToken {
  accessToken: string;
  /** Epoch ms after which the token is renewed before use. */
  renewAt: number;
}

/** Renew when less than 5 minutes or 10 % of the lifetime remain, whichever is shorter (short test tokens stay usable). */
export function defaultRenewMarginSeconds(lifetimeSeconds: number): number {
  return Math.min(300, lifetimeSeconds * 0.1);
}

export interface TokenCacheGetOptions {
  now: () => number;
  signal?: AbortSignal;
  /** Seconds before expiry at which the token is renewed. Default {@link defaultRenewMarginSeconds}. */
  renewMarginSeconds?: (lifetimeSeconds: number) => number;
}

export class TokenCache {
  readonly #tokens = new Map<string, CachedToken>();
  readonly #pending = new Map<string, Promise<CachedToken>>();

  /** The cached token for `key`, or the result of `issue()` (one call for all concurrent waiters). */
  async get(key: string, issue: () => Promise<IssuedToken>, options: TokenCacheGetOptions): Promise<string> {
    const cached = this.#tokens.get(key);
    if (cached && options.now() < cached.renewAt) return cached.accessToken;
    let pending = this.#pending.get(key);
    if (!pending) {
      pending = this.#issue(key, issue, options);
      this.#pending.set(key, pending);
      // Waiters may all abort; the request still settles, and its failure must not become an unhandled rejection.
      pending.catch(() => undefined);
    }
    return (await abortable(pending, options.signal)).accessToken;
  }

  async #issue(key: string, issue: () => Promise<IssuedToken>, options: TokenCacheGetOptions): Promise<CachedToken> {
    try {
      const requestedAt = options.now();
      const issued = await issue();
      const lifetime = issued.expiresInSeconds;
      const margin = Math.min((options.renewMarginSeconds ?? defaultRenewMarginSeconds)(lifetime), lifetime / 2);
      const entry = { accessToken: issued.accessToken, renewAt: requestedAt + (lifetime - margin) * 1000 };
      this.#tokens.set(key, entry);
      return entry;
    } finally {
      this.#pending.delete(key);
    }
  }

  /** Uses `accessToken` for `key` until it is refused (no known expiry), unless a token is already cached. */
  seed(key: string, accessToken: string): void {
    if (!this.#tokens.has(key)) this.#tokens.set(key, { accessToken, renewAt: Number.POSITIVE_INFINITY });
  }

  /** Forgets `accessToken` if it is still the cached one for `key`; a newer token fetched meanwhile is kept. */
  drop(key: string, accessToken: string): void {
    if (this.#tokens.get(key)?.accessToken === accessToken) this.#tokens.delete(key);
  }

  toJSON(): string {
    return `TokenCache(${this.#tokens.size} tokens)`;
  }
}

/** The process-wide cache every token provider uses unless given its own. */
export const processTokenCache = new TokenCache();
