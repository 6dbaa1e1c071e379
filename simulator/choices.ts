// Every choice the simulator makes where the documentation is silent, as one settable object. The defaults are the
// constants of inferred.ts (today's behaviour); `choices` in the options or the seed, or PATCH /_simulator/choices,
// change them. docs/simulator.md's choices table lists each one.
import {
  CREATE_CUSTOMER_STATUS,
  CUSTOMER_DOMAIN_FILTER,
  DNS_NOT_VERIFIED,
  EXPIRED_TOKEN_403_OPERATIONS,
  FIRST_DOMAIN_ID,
  FIRST_OPTION_SUBSCRIPTION_ID,
  FIRST_PRE_ORDER_ID,
  FIRST_SUBSCRIPTION_ID,
  FIRST_TENANT_ID,
  NAME_TAKEN_ON_CREATE,
  NAME_TAKEN_ON_VERIFY,
  NO_DNS_SUFFIXES,
  NOT_ACTIVATED,
  NOT_FOUND_AS_400,
  OPTION_CREATE_STATUS,
  OPTION_PLUS_MONTHLY_AMOUNT,
  OPTION_UPDATE_STATUS,
  PARTNER_OWN_DOMAIN_REFUSED,
  SHOW_SCHEDULED_WITHDRAWAL_DATE,
  TERMS_ACCEPTED_ON_CREATE,
  TERMS_NOT_ACCEPTED,
} from './inferred.js';

/** An error answer the docs do not specify: status, code and description. */
export interface ErrorChoice {
  status: number;
  code: string;
  description: string;
}

export interface SimChoices {
  /** Names ending in these are group names (GROUP, active at once, no DNS). */
  noDnsSuffixes: string[];
  /** activate/change-domain before the DNS records are in place. */
  dnsNotVerified: ErrorChoice;
  nameTakenOnVerify: ErrorChoice;
  nameTakenOnCreate: ErrorChoice;
  createCustomerStatus: number;
  optionCreateStatus: number;
  optionUpdateStatus: number;
  /** First IDs handed out (take effect at the next reset, or at start). */
  firstIds: { domainId: number; tenantId: number; subscriptionId: number; optionSubscriptionId: number; preOrderId: number };
  /** listCustomers `domain` filter: exact match, prefix, or substring. */
  customerDomainFilter: 'exact' | 'prefix' | 'contains';
  /** usage-status shows a scheduled withdrawalDate while ACTIVE (false: only while SUSPENDED_WITHDRAWAL). */
  showScheduledWithdrawalDate: boolean;
  /** Operations that document no 404: a missing thing is answered 400 with the same code. */
  notFoundAs400: string[];
  /** Whether a new customer has accepted the terms of service (the tenant's administrator does that, not the API). */
  termsAcceptedOnCreate: boolean;
  /** activate before the customer accepted the terms of service. */
  termsNotAccepted: ErrorChoice;
  /** Buying subscriptions or options for a domain customer that is not activated yet. */
  notActivated: ErrorChoice;
  /** Deleting, or scheduling the withdrawal of, the partner's own domain. */
  partnerOwnDomainRefused: ErrorChoice;
  /** Option Plus (non-real-time paid app) charge per tenant and month, before tax. */
  optionPlusMonthlyAmount: number;
  /** Operations that answer an expired access token with 403 UNAUTHORIZED instead of 401 (`*` = all). */
  expiredToken403Operations: string[];
}

export function defaultChoices(): SimChoices {
  return structuredClone({
    noDnsSuffixes: NO_DNS_SUFFIXES,
    dnsNotVerified: DNS_NOT_VERIFIED,
    nameTakenOnVerify: NAME_TAKEN_ON_VERIFY,
    nameTakenOnCreate: NAME_TAKEN_ON_CREATE,
    createCustomerStatus: CREATE_CUSTOMER_STATUS,
    optionCreateStatus: OPTION_CREATE_STATUS,
    optionUpdateStatus: OPTION_UPDATE_STATUS,
    firstIds: {
      domainId: FIRST_DOMAIN_ID,
      tenantId: FIRST_TENANT_ID,
      subscriptionId: FIRST_SUBSCRIPTION_ID,
      optionSubscriptionId: FIRST_OPTION_SUBSCRIPTION_ID,
      preOrderId: FIRST_PRE_ORDER_ID,
    },
    customerDomainFilter: CUSTOMER_DOMAIN_FILTER,
    showScheduledWithdrawalDate: SHOW_SCHEDULED_WITHDRAWAL_DATE,
    notFoundAs400: NOT_FOUND_AS_400,
    termsAcceptedOnCreate: TERMS_ACCEPTED_ON_CREATE,
    termsNotAccepted: TERMS_NOT_ACCEPTED,
    notActivated: NOT_ACTIVATED,
    partnerOwnDomainRefused: PARTNER_OWN_DOMAIN_REFUSED,
    optionPlusMonthlyAmount: OPTION_PLUS_MONTHLY_AMOUNT,
    expiredToken403Operations: EXPIRED_TOKEN_403_OPERATIONS,
  }) as SimChoices;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStatus = (v: unknown, min: number, max: number) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const isStringList = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === 'string');

function errorChoiceProblem(name: string, value: unknown): string | undefined {
  if (!isObject(value)) return `${name} must be an object {status, code, description}`;
  const wrong = [
    !isStatus(value.status, 400, 599) && 'status (400-599)',
    (typeof value.code !== 'string' || value.code === '') && 'code',
    typeof value.description !== 'string' && 'description',
  ].filter(Boolean);
  return wrong.length > 0 ? `${name} needs ${wrong.join(', ')}` : undefined;
}

const CHECKS: { [K in keyof SimChoices]: (name: string, value: unknown) => string | undefined } = {
  noDnsSuffixes: (n, v) => (isStringList(v) ? undefined : `${n} must be a list of strings`),
  dnsNotVerified: errorChoiceProblem,
  nameTakenOnVerify: errorChoiceProblem,
  nameTakenOnCreate: errorChoiceProblem,
  createCustomerStatus: (n, v) => (isStatus(v, 200, 299) ? undefined : `${n} must be a 2xx status`),
  optionCreateStatus: (n, v) => (isStatus(v, 200, 299) ? undefined : `${n} must be a 2xx status`),
  optionUpdateStatus: (n, v) => (isStatus(v, 200, 299) ? undefined : `${n} must be a 2xx status`),
  firstIds: (n, v) => {
    if (!isObject(v)) return `${n} must be an object`;
    const bad = Object.entries(v).filter(([k, id]) => !(k in defaultChoices().firstIds) || !Number.isInteger(id) || (id as number) < 1);
    return bad.length > 0 ? `${n}.${bad.map(([k]) => k).join(', ')} must be known ID kinds with positive whole numbers` : undefined;
  },
  customerDomainFilter: (n, v) => (['exact', 'prefix', 'contains'].includes(v as string) ? undefined : `${n} must be exact, prefix or contains`),
  showScheduledWithdrawalDate: (n, v) => (typeof v === 'boolean' ? undefined : `${n} must be a boolean`),
  notFoundAs400: (n, v) => (isStringList(v) ? undefined : `${n} must be a list of operationIds`),
  termsAcceptedOnCreate: (n, v) => (typeof v === 'boolean' ? undefined : `${n} must be a boolean`),
  termsNotAccepted: errorChoiceProblem,
  notActivated: errorChoiceProblem,
  partnerOwnDomainRefused: errorChoiceProblem,
  optionPlusMonthlyAmount: (n, v) => (Number.isInteger(v) && (v as number) >= 0 ? undefined : `${n} must be a whole number >= 0`),
  expiredToken403Operations: (n, v) => (isStringList(v) ? undefined : `${n} must be a list of operationIds (or "*")`),
};

/** Every problem of a partial choices object, each naming the choice at fault. */
export function choicesProblems(input: unknown, where = 'choices'): string[] {
  if (!isObject(input)) return [`${where} must be an object`];
  return Object.entries(input).flatMap(([name, value]) => {
    const check = CHECKS[name as keyof SimChoices];
    if (!check) return [`${where}.${name} is not a choice (known: ${Object.keys(CHECKS).join(', ')})`];
    const problem = check(`${where}.${name}`, value);
    return problem ? [problem] : [];
  });
}

/** Applies a checked partial object; `firstIds` merges with the current IDs. */
export function mergeChoices(target: SimChoices, partial: Partial<SimChoices>): SimChoices {
  const { firstIds, ...rest } = structuredClone(partial);
  Object.assign(target, rest);
  if (firstIds) target.firstIds = { ...target.firstIds, ...firstIds };
  return target;
}
