// Where the client gets its bearer tokens. The client only needs "a token for this scope" and "that token was refused".
// Providers that renew tokens live in auth/: ServiceAccountTokenProvider (JWT bearer grant), RefreshTokenProvider.
import { inspect } from 'node:util';

export interface TokenProvider {
  /** A valid access token for `scope` (e.g. `partner` or `partner.read`). */
  getToken(scope: string, signal?: AbortSignal): Promise<string>;
  /** Forget `token` (the API refused it), so the next getToken fetches a new one. */
  invalidate(scope: string, token: string): void;
}

/** A fixed access token obtained elsewhere (e.g. a user-account token). It cannot be renewed. */
export class StaticTokenProvider implements TokenProvider {
  readonly #token: string;
  constructor(token: string) {
    if (!token) throw new TypeError('StaticTokenProvider needs a non-empty token');
    this.#token = token;
  }
  async getToken(): Promise<string> {
    return this.#token;
  }
  invalidate(): void {
    // Nothing to renew: the next call sends the same token and its 401 is reported as an auth error.
  }
  toJSON(): string {
    return 'StaticTokenProvider([REDACTED])';
  }
  [inspect.custom](): string {
    return this.toJSON();
  }
}
