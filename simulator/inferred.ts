// Behaviour the documentation leaves open (x-confidence partial/inferred, x-gaps), decided in one place so each
// choice is easy to find. These are the defaults: choices.ts makes each one settable (options, seed, control API), and
// docs/simulator.md lists them. Subscription/option/billing choices that need more than a constant live in
// inferred-products.ts.
import { addDays, dayOfMonth, firstOfMonth } from './dates.js';

/** Names ending in these suffixes are group-style names: type GROUP, active at creation, no DNS needed. */
export const NO_DNS_SUFFIXES = ['.by-works.com', '.by-works.net'];

/** Status and code when activate/change-domain is called before the domain's DNS records are in place. */
export const DNS_NOT_VERIFIED = { status: 400, code: 'INVALID_DOMAIN', description: 'DNS records for the domain are not verified yet' } as const;

/** Status and code when a name is already used by another customer (verifyDomain documents only 400). */
export const NAME_TAKEN_ON_VERIFY = { status: 400, code: 'ALREADY_EXIST', description: 'The domain is already in use' } as const;
export const NAME_TAKEN_ON_CREATE = { status: 409, code: 'DOMAIN_ALREADY_EXIST', description: 'The domain is already in use' } as const;

/** createCustomer's success status (inferred: other POSTs in the group return 201). */
export const CREATE_CUSTOMER_STATUS = 201;
/** addOptionProduct / addOptionProductOrders document only "2XX"; the simulator creates with 201. */
export const OPTION_CREATE_STATUS = 201;
/** addOptionProductQuantity / patchOptionProductOrder / patchOptionProductRenewal document only "2XX". */
export const OPTION_UPDATE_STATUS = 200;

/** First IDs handed out. */
export const FIRST_DOMAIN_ID = 10_000_001;
export const FIRST_TENANT_ID = 20_000_001;
export const FIRST_SUBSCRIPTION_ID = 1001;
export const FIRST_OPTION_SUBSCRIPTION_ID = 5001;
export const FIRST_PRE_ORDER_ID = 1;

/** The docs do not say which time zone decides "today"/"tomorrow"; JST is the service region's zone. */
export const DEFAULT_TIME_ZONE = 'Asia/Tokyo';

/** Access tokens live 1 h or 24 h (an app setting); the simulator defaults to 24 h. Refresh tokens live 90 days. */
export const ACCESS_TOKEN_TTL_SECONDS = 86_400;
export const REFRESH_TOKEN_TTL_SECONDS = 90 * 86_400;

/** An Online Direct transfer completes this long after the 202 (simulated clock; it runs with real time unless frozen). */
export const TRANSFER_DELAY_MS = 2_000;
/** A subscription stays UPGRADING this long after an immediate upgrade (simulated clock). */
export const UPGRADE_DURATION_MS = 2_000;

/** The name rule: 2-22 characters; lowercase letters, digits, hyphens and dots; no leading/trailing hyphen, no "--". */
export function nameProblem(name: string): string | undefined {
  if (name.length < 2 || name.length > 22) return 'domain must be 2 to 22 characters';
  if (!/^[a-z0-9.-]+$/.test(name)) return 'domain may contain only lowercase letters, digits, hyphens and dots';
  if (/^[-.]|[-.]$/.test(name)) return 'domain must not start or end with "-" or "."';
  if (name.includes('--') || name.includes('..')) return 'domain must not contain "--" or ".."';
  return undefined;
}

export function needsDns(name: string, groupSuffixes: readonly string[] = NO_DNS_SUFFIXES): boolean {
  return !groupSuffixes.some((suffix) => name.endsWith(suffix)) && name.includes('.');
}

/** Customer list `domain` filter: the docs do not say exact or partial; the simulator matches exactly. */
export const CUSTOMER_DOMAIN_FILTER = 'exact' as 'exact' | 'prefix' | 'contains';

/**
 * usage-status withdrawalDate: the docs say it is set only while SUSPENDED_WITHDRAWAL, but their example pairs ACTIVE
 * with a date. The simulator shows a scheduled cancellation date as soon as it is set.
 */
export const SHOW_SCHEDULED_WITHDRAWAL_DATE: boolean = true;

/** Removal date of a tenant that enters pending withdrawal on `date` (documented 2nd-24th / 25th-1st rule). */
export function withdrawalRemovalDate(date: string): string {
  // The 1st belongs to the "25th-1st" span that started in the previous month.
  const base = dayOfMonth(date) === 1 ? addDays(date, -1) : date;
  return addDays(firstOfMonth(base, dayOfMonth(base) >= 25 ? 2 : 1), 1);
}

/**
 * Operations whose docs list their error statuses without 404 (change-domain: 400 and 500 only). An unknown customer
 * or other missing thing is answered 400 there, with the same code.
 */
export const NOT_FOUND_AS_400: string[] = ['changeDomain'];

/**
 * activateCustomer "works only after the customer has been registered AND the customer has accepted the terms of
 * service" (openapi.yaml activateCustomer); its error statuses "were not visible" (x-gaps). Acceptance happens in the
 * tenant (its administrator), so a new customer counts as accepted unless the control API says otherwise.
 */
export const TERMS_ACCEPTED_ON_CREATE: boolean = true;
export const TERMS_NOT_ACCEPTED = { status: 400, code: 'TERMS_NOT_AGREED', description: 'The customer has not accepted the LINE WORKS terms of service yet' };

/**
 * createCustomer: "the tenant is not usable until DNS is set up and activateCustomer succeeds". No error is documented
 * for buying before that; the simulator answers 400 with this code.
 */
export const NOT_ACTIVATED = { status: 400, code: 'DOMAIN_NOT_ACTIVATED', description: 'The customer is not activated yet (activateCustomer); the tenant cannot be used before that' };

/**
 * deleteCustomer "The partner's own domain cannot be deleted"; patchUsageStatus "a cancellation date cannot be set for
 * the partner's own domain". No status is documented: 403 FORBIDDEN ("refused", conventions.md error table).
 */
export const PARTNER_OWN_DOMAIN_REFUSED = { status: 403, code: 'FORBIDDEN', description: "The partner's own domain cannot be deleted or given a withdrawal date" };

/** Option Plus (paid third-party app) prices are not documented: a plausible flat charge per tenant and month. */
export const OPTION_PLUS_MONTHLY_AMOUNT = 1_000;

/**
 * conventions.md 2.2: the error table says 401 UNAUTHORIZED for an expired token, but the official samples treat 403 +
 * UNAUTHORIZED as "expired" on some endpoints (which ones is not documented). Default: 401 everywhere.
 */
export const EXPIRED_TOKEN_403_OPERATIONS: string[] = [];
