// Signed links to a domain's DNS setup page. The link is a capability: whoever holds it may see that one domain's DNS
// records and their status, and press "check now", until it expires. It is HMAC-SHA256 over the domain, the workflow
// ID and the workflow's first run ID (stable across continue-as-new, so a DNS wait that continues as new keeps its
// link; a later onboarding of the same domain under the same workflow ID does not open with an old link), and the
// expiry. The secret never leaves the worker and the page server; the link itself may go into workflow history.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a link is bound to. `expiresAt` is milliseconds since the epoch. */
export interface SetupLinkClaims {
  domain: string;
  workflowId: string;
  firstRunId: string;
  expiresAt: number;
}

/** Why a link was refused: for logs and tests only, the page says just "link not valid". */
export type SetupLinkRefusal = 'malformed' | 'tampered' | 'expired';

export type SetupLinkCheck = { ok: true; claims: SetupLinkClaims } | { ok: false; reason: SetupLinkRefusal };

/** Path prefix of the page: `<base>/setup/<domain>/<token>`. */
export const SETUP_PAGE_PATH = '/setup';

/** Versioned, so a later format cannot be confused with this one. */
const CONTEXT = 'lpw-setup-link-v1';
const TOKEN = /^([A-Za-z0-9_-]{1,2048})\.([A-Za-z0-9_-]{43})$/;
const DOMAIN = /^[a-z0-9.-]{1,253}$/;

const normalizeDomain = (domain: string) => domain.trim().replace(/\.$/, '').toLowerCase();

function mac(secret: string, domain: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(`${CONTEXT}\n${domain}\n${payload}`).digest();
}

/** The token of a link: `<payload>.<signature>`, both base64url; the domain is in the path and signed with it. */
export function signSetupLink(claims: SetupLinkClaims, secret: string): string {
  const domain = normalizeDomain(claims.domain);
  const payload = Buffer.from(JSON.stringify({ w: claims.workflowId, r: claims.firstRunId, e: claims.expiresAt })).toString('base64url');
  return `${payload}.${mac(secret, domain, payload).toString('base64url')}`;
}

/** The full URL of a domain's setup page under `baseUrl` (the page server's public base URL). */
export function setupLinkUrl(baseUrl: string, claims: SetupLinkClaims, secret: string): string {
  const domain = normalizeDomain(claims.domain);
  return `${baseUrl.replace(/\/+$/, '')}${SETUP_PAGE_PATH}/${encodeURIComponent(domain)}/${signSetupLink(claims, secret)}`;
}

function parsePayload(payload: string): Omit<SetupLinkClaims, 'domain'> | undefined {
  try {
    const raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const { w, r, e } = raw;
    if (typeof w !== 'string' || typeof r !== 'string' || typeof e !== 'number' || !Number.isFinite(e) || w === '' || r === '') return undefined;
    return { workflowId: w, firstRunId: r, expiresAt: e };
  } catch {
    return undefined;
  }
}

/**
 * Checks a link's domain (from its path) and token. The signature is compared in constant time before anything in
 * the payload is believed, so "expired" is said only of a link we signed.
 */
export function verifySetupLink(domainInPath: string, token: string, secret: string, now: number): SetupLinkCheck {
  const domain = normalizeDomain(domainInPath);
  const parts = TOKEN.exec(token);
  if (!parts || !DOMAIN.test(domain)) return { ok: false, reason: 'malformed' };
  const [, payload, signature] = parts as unknown as [string, string, string];
  const given = Buffer.from(signature, 'base64url');
  // base64url of 32 bytes leaves 2 bits of its last character unused: only the one spelling we sign is accepted, so a
  // link has exactly one token (nothing keyed by it can be multiplied by respelling it).
  if (given.toString('base64url') !== signature) return { ok: false, reason: 'malformed' };
  const expected = mac(secret, domain, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'tampered' };
  const claims = parsePayload(payload);
  if (!claims) return { ok: false, reason: 'malformed' };
  if (now >= claims.expiresAt) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { domain, ...claims } };
}
