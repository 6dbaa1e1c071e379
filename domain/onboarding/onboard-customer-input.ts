// The onboarding workflow's input (version 1): its schema, from which the type is inferred and the validation runs.
// Pure: used by the workflow and by clients. Bounds are the API's (createCustomer in openapi.yaml).
import { dnsWaitInputSchema } from './dns-wait-settings.js';
import { CONTINUED_DNS_WAIT_FIELD, onboardingCarryOverSchema } from './dns-wait-carry-over.js';
import { domainNameSchema, flag, optionalText, parseWithSchema, requiredText, strictObject, timeZoneSchema, z } from '../schema.js';
import { countSchema, planSchema } from '../subscriptions/subscription-input.js';
import { sharedSchema } from '../shared-schema.js';

export const LOCALES = ['ja_JP', 'ko_KR', 'en_US', 'zh_TW', 'zh_CN'] as const;
export const localeSchema = sharedSchema('onboarding/onboard-customer-input#localeSchema', () => z.enum(LOCALES, { error: `must be one of ${LOCALES.join(', ')}` }));
export type Locale = z.infer<typeof localeSchema>;

/** Digits plus P T - * # + and comma (createCustomer's rule); no length is documented, 40 is generous. */
export const phoneNumberSchema = sharedSchema('onboarding/onboard-customer-input#phoneNumberSchema', () => requiredText(40).regex(/^[0-9PT*#+,-]+$/, 'may contain only digits and P T - * # + ,'));

export const companyNameSchema = sharedSchema('onboarding/onboard-customer-input#companyNameSchema', () => requiredText(40));

/** First administrator. No password here: one is generated inside the activity so it never enters history. */
export const administratorSchema = sharedSchema('onboarding/onboard-customer-input#administratorSchema', () => strictObject({
  /** The administrator's login ID: 2-40 characters (createCustomer). */
  id: requiredText(40).min(2, 'must be 2-40 characters'),
  lastName: requiredText(80),
  firstName: optionalText(80),
  privateEmail: requiredText(254).regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'must be an email address'),
  cellphone: optionalText(40),
  countryCode: optionalText(8),
}));

/** A subscription to add once the customer is active (run as a changeSubscription child workflow, `when: now`). */
export const initialSubscriptionSchema = sharedSchema('onboarding/onboard-customer-input#initialSubscriptionSchema', () => strictObject(
  {
    productId: requiredText(40),
    plan: planSchema,
    licenseCount: countSchema().optional(),
  },
  'is not a known field (productId, plan, licenseCount)',
));

export type InitialSubscription = z.infer<typeof initialSubscriptionSchema>;

export const onboardCustomerInputSchema = sharedSchema('onboarding/onboard-customer-input#onboardCustomerInputSchema', () => strictObject({
  /** Domain (e.g. `example.com`) or group name (e.g. `acme.by-works.com`). */
  domain: domainNameSchema(),
  companyName: companyNameSchema,
  phoneNumber: phoneNumberSchema,
  /** IANA time zone, e.g. `Asia/Tokyo`. */
  timeZone: timeZoneSchema(),
  locale: localeSchema,
  administrator: administratorSchema.optional(),
  /** The customer uses LINE WORKS Mail: also wait for the MX records, and remind the requester about them. */
  useMail: flag().optional(),
  /** How the DNS wait behaves; durations like "90s", "30 minutes", "72h". */
  dnsWait: dnsWaitInputSchema.optional(),
  initialSubscription: initialSubscriptionSchema.optional(),
}));

export type OnboardCustomerInputV1 = z.infer<typeof onboardCustomerInputSchema>;
export type OnboardCustomerInput = OnboardCustomerInputV1;

/** The business workflow ID: one onboarding per domain. */
export function onboardWorkflowId(domain: string): string {
  return `onboard/${domain}`;
}

/** Checks a raw JSON input; returns it typed or throws InvalidInputError naming every field at fault. */
export function parseOnboardCustomerInput(raw: unknown): OnboardCustomerInput {
  return parseWithSchema('onboardCustomer', onboardCustomerInputSchema, raw);
}

/**
 * What the workflow itself parses: the start input plus, in a run that continued as new during the DNS wait, what the
 * earlier run carried (dns-wait-carry-over.ts). Clients start with the schema above, which refuses that field.
 */
export const onboardCustomerRunInputSchema = sharedSchema('onboarding/onboard-customer-input#onboardCustomerRunInputSchema', () => onboardCustomerInputSchema.extend({ [CONTINUED_DNS_WAIT_FIELD]: onboardingCarryOverSchema.optional() }));

export type OnboardCustomerRunInput = z.infer<typeof onboardCustomerRunInputSchema>;

export function parseOnboardCustomerRunInput(raw: unknown): OnboardCustomerRunInput {
  return parseWithSchema('onboardCustomer', onboardCustomerRunInputSchema, raw);
}
