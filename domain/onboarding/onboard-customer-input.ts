// The onboarding workflow's input (version 1) and its validation. Pure: used by the workflow and by clients.
import { parseDnsWaitSettings, type DnsWaitSettings } from './dns-wait-settings.js';
import { asObject, InvalidInputError, optionalString, requireString, type Problems } from '../input-validation.js';
import { parseChangeSubscriptionInput } from '../subscriptions/subscription-input.js';

export const LOCALES = ['ja_JP', 'ko_KR', 'en_US', 'zh_TW', 'zh_CN'] as const;
export type Locale = (typeof LOCALES)[number];

export interface OnboardCustomerInputV1 {
  /** Domain (e.g. `example.com`) or group name (e.g. `acme.by-works.com`). */
  domain: string;
  companyName: string;
  phoneNumber: string;
  /** IANA time zone, e.g. `Asia/Tokyo`. */
  timeZone: string;
  locale: Locale;
  /** First administrator. No password here: one is generated inside the activity so it never enters history. */
  administrator?: {
    id: string;
    lastName: string;
    firstName?: string;
    privateEmail: string;
    cellphone?: string;
    countryCode?: string;
  };
  /** The customer uses LINE WORKS Mail: also wait for the MX records, and remind the requester about them. */
  useMail?: boolean;
  /** How the DNS wait behaves; durations like "90s", "30 minutes", "72h". */
  dnsWait?: Partial<DnsWaitSettings>;
  /** A subscription to add once the customer is active (run as a changeSubscription child workflow, `when: now`). */
  initialSubscription?: InitialSubscription;
}

export interface InitialSubscription {
  productId: string;
  plan?: string;
  licenseCount?: number;
}

export type OnboardCustomerInput = OnboardCustomerInputV1;

/** The business workflow ID: one onboarding per domain. */
export function onboardWorkflowId(domain: string): string {
  return `onboard/${domain}`;
}

/** Checks a raw JSON input; returns it typed or throws InvalidInputError naming every field at fault. */
export function parseOnboardCustomerInput(raw: unknown): OnboardCustomerInput {
  const problems: Problems = [];
  const input = asObject(raw, 'input', problems);
  const domain = requireString(input, 'domain', problems);
  if (domain && !/^[a-z0-9][a-z0-9.-]{0,20}[a-z0-9]$/.test(domain)) {
    problems.push('domain must be 2-22 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit');
  }
  if (domain.includes('--')) problems.push('domain must not contain "--"');
  const companyName = requireString(input, 'companyName', problems);
  if (companyName.length > 40) problems.push('companyName must be at most 40 characters');
  const phoneNumber = requireString(input, 'phoneNumber', problems);
  if (phoneNumber && !/^[0-9PT*#+,-]+$/.test(phoneNumber)) problems.push('phoneNumber may contain only digits and P T - * # + ,');
  const timeZone = requireString(input, 'timeZone', problems);
  const locale = requireString(input, 'locale', problems);
  if (locale && !(LOCALES as readonly string[]).includes(locale)) problems.push(`locale must be one of ${LOCALES.join(', ')}`);

  let administrator: OnboardCustomerInput['administrator'];
  if (input.administrator !== undefined) {
    const admin = asObject(input.administrator, 'administrator', problems);
    if ('password' in admin) {
      problems.push('administrator.password must not be given: workflow inputs are stored in history; an initial password is generated');
    }
    administrator = {
      id: requireString(admin, 'id', problems, 'administrator.id'),
      lastName: requireString(admin, 'lastName', problems, 'administrator.lastName'),
      privateEmail: requireString(admin, 'privateEmail', problems, 'administrator.privateEmail'),
    };
    for (const field of ['firstName', 'cellphone', 'countryCode'] as const) {
      const value = optionalString(admin, field, problems, `administrator.${field}`);
      if (value !== undefined) administrator[field] = value;
    }
    if (administrator.privateEmail && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(administrator.privateEmail)) {
      problems.push('administrator.privateEmail must be an email address');
    }
  }
  for (const field of ['useMail'] as const) {
    if (input[field] !== undefined && typeof input[field] !== 'boolean') problems.push(`${field} must be true or false`);
  }
  const dnsWait = parseDnsWaitSettings(input.dnsWait, problems);
  const initialSubscription = parseInitialSubscription(input.initialSubscription, problems);
  const known = new Set(['domain', 'companyName', 'phoneNumber', 'timeZone', 'locale', 'administrator', 'useMail', 'dnsWait', 'initialSubscription']);
  for (const key of Object.keys(input)) if (!known.has(key)) problems.push(`${key} is not a known field`);

  if (problems.length > 0) throw new InvalidInputError('onboardCustomer', problems);
  return {
    domain,
    companyName,
    phoneNumber,
    timeZone,
    locale: locale as Locale,
    ...(administrator ? { administrator } : {}),
    ...(input.useMail === undefined ? {} : { useMail: input.useMail as boolean }),
    ...(dnsWait ? { dnsWait } : {}),
    ...(initialSubscription ? { initialSubscription } : {}),
  };
}

/** Checks the initial subscription with the subscription workflow's own rules, naming fields `initialSubscription.<field>`. */
function parseInitialSubscription(value: unknown, problems: Problems): InitialSubscription | undefined {
  if (value === undefined) return undefined;
  const raw = asObject(value, 'initialSubscription', problems);
  const unknown = Object.keys(raw).filter((key) => !['productId', 'plan', 'licenseCount'].includes(key));
  for (const key of unknown) problems.push(`initialSubscription.${key} is not a known field (productId, plan, licenseCount)`);
  if (typeof raw.productId !== 'string' || raw.productId === '') problems.push('initialSubscription.productId is required');
  try {
    // domainId and requestId are filled in by the workflow; placeholders let the shared rules check the rest.
    parseChangeSubscriptionInput({ domainId: 1, requestId: 'onboarding', action: 'ADD_SUBSCRIPTION', when: 'now', ...raw });
  } catch (err) {
    const inner = (err as { problems?: string[] }).problems ?? [String(err)];
    for (const problem of inner) if (!problem.startsWith('productId is required')) problems.push(`initialSubscription.${problem}`);
  }
  if (unknown.length > 0 || typeof raw.productId !== 'string') return undefined;
  return {
    productId: raw.productId,
    ...(raw.plan === undefined ? {} : { plan: raw.plan as string }),
    ...(raw.licenseCount === undefined ? {} : { licenseCount: raw.licenseCount as number }),
  };
}
