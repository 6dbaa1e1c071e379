// Service-account authentication (JWT bearer grant): sign a short JWT with the app's private key (RS256) and trade it
// at the token endpoint for an access token. Tokens are cached per (token endpoint, client id, scope) in the
// process-wide cache, renewed before expiry, and fetched once for any number of concurrent callers.
import type { KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import { SignJWT } from 'jose';
import type { Logger } from 'pino';
import type { TokenProvider } from '../auth.js';
import { PartnerCredentialsError } from '../errors.js';
import { parsePrivateKey } from './private-key.js';
import { processTokenCache, type TokenCache } from './token-cache.js';
import { requestToken } from './token-endpoint.js';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
export const DEFAULT_TOKEN_URL = 'https://auth.worksmobile.com/oauth2/v2.0/token';

export interface ServiceAccountOptions {
  clientId: string;
  clientSecret: string;
  /** Service account ID, e.g. `xxxxx.serviceaccount@example.com`. */
  serviceAccountId: string;
  /** RSA private key: a KeyObject (see readPrivateKeyFile) or PEM text. */
  privateKey: KeyObject | string;
  /** Token endpoint. Default https://auth.worksmobile.com/oauth2/v2.0/token. */
  tokenUrl?: string;
  /** Token request timeout in ms. Default 10000. */
  timeoutMs?: number;
  /** JWT lifetime (exp - iat) in seconds; LINE WORKS accepts at most 3600. Default 1800. */
  assertionLifetimeSeconds?: number;
  /** Clock in epoch ms; injectable for tests. Default Date.now. */
  now?: () => number;
  /** Default: the process-wide cache, shared by every provider with the same endpoint and client id. */
  cache?: TokenCache;
  /** Seconds before expiry at which a token is renewed; default min(300, 10 % of its lifetime). */
  renewMarginSeconds?: (lifetimeSeconds: number) => number;
  logger?: Logger;
}

export class ServiceAccountTokenProvider implements TokenProvider {
  readonly clientId: string;
  readonly serviceAccountId: string;
  readonly tokenUrl: string;
  readonly #clientSecret: string;
  readonly #privateKey: KeyObject;
  readonly #options: ServiceAccountOptions;
  readonly #now: () => number;
  readonly #cache: TokenCache;

  constructor(options: ServiceAccountOptions) {
    const missing = (['clientId', 'clientSecret', 'serviceAccountId', 'privateKey'] as const).filter((name) => !options[name]);
    if (missing.length > 0) throw new TypeError(`ServiceAccountTokenProvider needs ${missing.join(', ')}`);
    const lifetime = options.assertionLifetimeSeconds ?? 1800;
    if (!(lifetime > 0 && lifetime <= 3600)) throw new RangeError(`assertionLifetimeSeconds must be 1..3600, got ${lifetime}`);
    this.clientId = options.clientId;
    this.serviceAccountId = options.serviceAccountId;
    this.tokenUrl = options.tokenUrl ?? DEFAULT_TOKEN_URL;
    this.#clientSecret = options.clientSecret;
    this.#privateKey = typeof options.privateKey === 'string' ? parsePrivateKey(options.privateKey, 'privateKey') : options.privateKey;
    this.#options = { ...options, privateKey: '[REDACTED]', clientSecret: '[REDACTED]' };
    this.#now = options.now ?? Date.now;
    this.#cache = options.cache ?? processTokenCache;
  }

  #key(scope: string): string {
    return `jwt ${this.tokenUrl} ${this.clientId} ${scope}`;
  }

  getToken(scope: string, signal?: AbortSignal): Promise<string> {
    return this.#cache.get(this.#key(scope), () => this.#issue(scope), {
      now: this.#now,
      signal,
      renewMarginSeconds: this.#options.renewMarginSeconds,
    });
  }

  invalidate(scope: string, token: string): void {
    this.#cache.drop(this.#key(scope), token);
  }

  /** The signed assertion: iss = client id, sub = service account id, iat/exp as numeric seconds. */
  async createAssertion(): Promise<string> {
    const iat = Math.floor(this.#now() / 1000);
    try {
      return await new SignJWT({})
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
        .setIssuer(this.clientId)
        .setSubject(this.serviceAccountId)
        .setIssuedAt(iat)
        .setExpirationTime(iat + (this.#options.assertionLifetimeSeconds ?? 1800))
        .sign(this.#privateKey);
    } catch (err) {
      // jose's messages describe the key's kind or size, not its content.
      throw new PartnerCredentialsError(`cannot sign the JWT assertion with the configured private key (${(err as Error).message})`, {
        operation: 'token',
      });
    }
  }

  async #issue(scope: string) {
    const assertion = await this.createAssertion();
    return requestToken({
      url: this.tokenUrl,
      form: {
        grant_type: JWT_BEARER_GRANT,
        assertion,
        client_id: this.clientId,
        client_secret: this.#clientSecret,
        scope,
      },
      timeoutMs: this.#options.timeoutMs ?? 10_000,
      secrets: [this.#clientSecret, assertion],
      logger: this.#options.logger,
    });
  }

  toJSON(): string {
    return `ServiceAccountTokenProvider(clientId=${this.clientId}, serviceAccountId=${this.serviceAccountId}, tokenUrl=${this.tokenUrl})`;
  }

  [inspect.custom](): string {
    return this.toJSON();
  }
}
