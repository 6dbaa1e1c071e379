// The token endpoint (JWT bearer and refresh_token grants) and bearer-token checks for the Partner API.
// Token lifetimes run on the simulated clock, so a test can expire a token by advancing it.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { errors as joseErrors, importSPKI, jwtVerify, type CryptoKey, type KeyObject } from 'jose';
import type { SimClock } from './clock.js';
import type { ResolvedOptions } from './options.js';

export const TOKEN_PATH = '/oauth2/v2.0/token';
export const SCOPES = ['partner', 'partner.read'] as const;
const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const MAX_ASSERTION_LIFETIME_S = 3600;

interface IssuedToken {
  scopes: string[];
  expiresAtMs: number;
}

export type TokenCheck = { ok: true; scopes: string[] } | { ok: false; status: 401 | 403; code: string; description: string };

export class TokenService {
  readonly #access = new Map<string, IssuedToken>();
  readonly #refresh = new Map<string, IssuedToken & { clientId: string }>();
  #key: Promise<CryptoKey | KeyObject> | undefined;

  constructor(
    readonly options: ResolvedOptions,
    readonly clock: SimClock,
  ) {
    if (options.jwt) this.#key = importSPKI(options.jwt.publicKey, 'RS256');
  }

  /** Whether `token` may call an operation needing `access`. */
  check(token: string | undefined, access: 'read' | 'write'): TokenCheck {
    if (!token) return { ok: false, status: 401, code: 'UNAUTHORIZED', description: 'An access token is required (Authorization: Bearer <token>)' };
    const fixed = this.options.staticTokens[token];
    let scopes: string[];
    if (fixed) scopes = fixed;
    else {
      const issued = this.#access.get(token);
      if (!issued) return { ok: false, status: 401, code: 'UNAUTHORIZED', description: 'The access token is not valid' };
      if (issued.expiresAtMs <= this.clock.nowMs()) return { ok: false, status: 401, code: 'UNAUTHORIZED', description: 'The access token has expired' };
      scopes = issued.scopes;
    }
    const allowed = access === 'write' ? scopes.includes('partner') : scopes.includes('partner') || scopes.includes('partner.read');
    if (!allowed) return { ok: false, status: 403, code: 'FORBIDDEN', description: `The token's scope (${scopes.join(' ')}) does not allow this ${access} operation` };
    return { ok: true, scopes };
  }

  /** Forgets every issued token (control API reset). */
  clear(): void {
    this.#access.clear();
    this.#refresh.clear();
  }

  #issue(scopes: string[], clientId: string, withRefresh: boolean) {
    const now = this.clock.nowMs();
    const accessToken = randomBytes(24).toString('base64url');
    this.#access.set(accessToken, { scopes, expiresAtMs: now + this.options.accessTokenTtlSeconds * 1000 });
    const body: Record<string, string> = {
      access_token: accessToken,
      token_type: 'Bearer',
      scope: scopes.join(' '),
      // The real service has been seen sending expires_in as a string; clients must coerce it.
      expires_in: String(this.options.accessTokenTtlSeconds),
    };
    if (withRefresh) {
      const refreshToken = randomBytes(32).toString('base64url');
      this.#refresh.set(refreshToken, { scopes, clientId, expiresAtMs: now + this.options.refreshTokenTtlSeconds * 1000 });
      body.refresh_token = refreshToken;
    }
    return body;
  }

  async grant(form: Record<string, string>): Promise<{ status: number; body: Record<string, string> }> {
    const fail = (status: number, error: string, description: string) => ({
      status,
      // RFC 6749 names plus the API's {code, description}, so either kind of client can read it.
      body: { error, error_description: description, code: error.toUpperCase(), description },
    });
    const scopes = (form.scope ?? 'partner').split(' ').filter(Boolean);
    if (scopes.length === 0 || scopes.some((s) => !(SCOPES as readonly string[]).includes(s))) {
      return fail(400, 'invalid_scope', `scope must be made of ${SCOPES.join(', ')}`);
    }
    if (form.grant_type === JWT_GRANT) {
      const jwt = this.options.jwt;
      if (!jwt || !this.#key) return fail(400, 'unsupported_grant_type', 'the JWT bearer grant is not configured on this simulator');
      if (form.client_id !== jwt.clientId) return fail(401, 'invalid_client', 'client_id is not known');
      if (jwt.clientSecret !== undefined && form.client_secret !== jwt.clientSecret) return fail(401, 'invalid_client', 'client_secret does not match');
      if (!form.assertion) return fail(400, 'invalid_request', 'assertion is required');
      try {
        const { payload } = await jwtVerify(form.assertion, await this.#key, {
          algorithms: ['RS256'],
          issuer: jwt.clientId,
          subject: jwt.serviceAccountId,
          currentDate: this.clock.now(),
          requiredClaims: ['iat', 'exp'],
        });
        if (payload.exp! - payload.iat! > MAX_ASSERTION_LIFETIME_S) return fail(400, 'invalid_grant', 'exp must be at most 3600 seconds after iat');
      } catch (err) {
        return fail(400, 'invalid_grant', `assertion rejected: ${describeJoseError(err)}`);
      }
      return { status: 200, body: this.#issue(scopes, jwt.clientId, true) };
    }
    if (form.grant_type === 'refresh_token') {
      const stored = form.refresh_token ? this.#refresh.get(form.refresh_token) : undefined;
      if (!stored || stored.expiresAtMs <= this.clock.nowMs()) return fail(400, 'invalid_grant', 'refresh_token is not valid or has expired');
      if (form.client_id !== stored.clientId) return fail(401, 'invalid_client', 'client_id does not match the refresh token');
      if (this.options.refreshTokenRotation) this.#refresh.delete(form.refresh_token!);
      const body = this.#issue(stored.scopes, stored.clientId, this.options.refreshTokenRotation);
      return { status: 200, body };
    }
    return fail(400, 'unsupported_grant_type', `grant_type must be ${JWT_GRANT} or refresh_token`);
  }
}

function describeJoseError(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'the JWT has expired';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `claim ${err.claim} is not valid`;
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'signature verification failed';
  if (err instanceof joseErrors.JOSEError) return err.code;
  return 'not a valid JWT';
}

export function tokenRoutes(app: FastifyInstance, tokens: TokenService): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.post(TOKEN_PATH, async (request, reply: FastifyReply) => {
    const form = (request.body ?? {}) as Record<string, string>;
    const { status, body } = await tokens.grant(form);
    return reply.code(status).header('cache-control', 'no-store').send(body);
  });
}
