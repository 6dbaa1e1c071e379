// What a workflow waiting for DNS hands to its next run when it continues as new (a 72-hour wait is about 150 checks,
// more with extensions): the records it handed out, what its status showed, and the wait's own state, so the next run
// goes on where this one stopped without any API call or CRM notification made again. Pure: part of the run input
// schemas (onboard-customer-input.ts, change-domain-input.ts), validated like the rest of the input.
//
// Set only by the workflows themselves: the start schemas (the catalog's, so every trigger's: webhook, partnerctl,
// scripts) do not know the field `continuedDnsWait` and refuse it as an unknown field.
import { domainIdSchema, flag, jsonBytes, optionalText, positiveInt, requiredText, strictObject, z } from '../schema.js';
import { carriedText, MAX_CARRIED_TEXT } from '../carry-over.js';
import { sharedSchema } from '../shared-schema.js';

/** The field of a run input that carries the wait into the next run. */
export const CONTINUED_DNS_WAIT_FIELD = 'continuedDnsWait';


export { carriedText, MAX_CARRIED_TEXT };

/**
 * The CRM notifications carried for the query: the latest ones (a wait extended many times sends one per deadline),
 * each outcome cut to MAX_CARRIED_OUTCOME, so the whole input stays well under MAX_INPUT_BYTES.
 */
export const MAX_CARRIED_NOTIFICATIONS = 20;
export const MAX_CARRIED_OUTCOME = 300;

/**
 * The last check is carried up to this size as JSON. A domain with very many TXT records on many servers can make it
 * larger; then it is left out (the next run checks at once, so the status misses it only for that check).
 */
export const MAX_CARRIED_CHECK_BYTES = 32 * 1024;

export function carriedCheck<C>(check: C | undefined): C | undefined {
  const bytes = check === undefined ? undefined : jsonBytes(check);
  return bytes !== undefined && bytes <= MAX_CARRIED_CHECK_BYTES ? check : undefined;
}

type SentNotification = { type: string; notificationId: string; deliveryWorkflowId?: string; outcome?: string };

/** The latest MAX_CARRIED_NOTIFICATIONS notifications, each outcome (an old run's inline delivery error) cut to fit. */
export function carriedNotifications<N extends SentNotification>(sent: readonly N[]): N[] {
  return sent.slice(-MAX_CARRIED_NOTIFICATIONS).map((n) => (n.outcome === undefined ? n : { ...n, outcome: carriedText(n.outcome, MAX_CARRIED_OUTCOME) }));
}

/**
 * What both DNS-waiting workflows carry of their status (the line the status waits for, the last error, the setup
 * page link) and of their sent CRM notifications, cut to what the run schema accepts.
 */
export function carriedStatus<N extends SentNotification>(
  status: { waitingFor?: string; lastError?: string; setupPage?: { url: string; expiresAt: string } },
  sent: readonly N[],
): { waitingFor?: string; lastError?: string; setupPage?: { url: string; expiresAt: string }; notifications: N[] } {
  return {
    ...(status.waitingFor ? { waitingFor: carriedText(status.waitingFor) } : {}),
    ...(status.lastError ? { lastError: carriedText(status.lastError) } : {}),
    ...(status.setupPage ? { setupPage: status.setupPage } : {}),
    notifications: carriedNotifications(sent),
  };
}

const timestamp = () => z.iso.datetime({ error: 'must be an ISO timestamp' });
const count = () => z.int({ error: 'must be a whole number' }).min(0, 'must be at least 0');

export const expectedRecordSchema = sharedSchema('onboarding/dns-wait-carry-over#expectedRecordSchema', () => strictObject({
  type: z.enum(['TXT', 'CNAME', 'MX']),
  host: requiredText(253),
  value: requiredText(1000),
  priority: z.int().optional(),
  purpose: z.enum(['ownership', 'mail']),
}));

/** The API's UpgradeDomain (getUpgradeDomain): the fields we use are checked, others pass through unchanged. */
export const upgradeDomainSchema = sharedSchema('onboarding/dns-wait-carry-over#upgradeDomainSchema', () => z.looseObject({
  domain: z.string().optional(),
  isActiveDomain: z.boolean().optional(),
  cnameHost: z.string().optional(),
  cnameTarget: z.string().optional(),
  txtHost: z.string().optional(),
  txtToken: z.string().optional(),
  mxRecordHost: z.string().optional(),
  mxRecordValue: z.looseObject({ priority10: z.string().optional(), priority20: z.string().optional() }).optional(),
}));

/** The last DNS check as the status shows it (dns/propagation.ts DnsCheckResult). */
export const dnsCheckResultSchema = sharedSchema('onboarding/dns-wait-carry-over#dnsCheckResultSchema', () => z.looseObject({
  domain: z.string(),
  checkedAt: z.string(),
  authoritativeServers: z.array(z.string()),
  records: z.array(
    z.looseObject({
      record: expectedRecordSchema,
      servers: z.array(z.looseObject({ server: z.string(), kind: z.enum(['authoritative', 'recursive']), found: z.array(z.string()), matches: z.boolean() })),
      visible: z.boolean(),
    }),
  ),
  ownershipVisible: z.boolean(),
  mailVisible: z.boolean(),
  problems: z.array(z.string()),
}));

/** The wait itself (workflows/onboarding/dns-wait.ts): its clock, back-off and what it has seen so far. */
export const dnsWaitStateSchema = sharedSchema('onboarding/dns-wait-carry-over#dnsWaitStateSchema', () => strictObject({
  /** Which run of the workflow receives this (2 for the first continuation). */
  run: positiveInt(100_000).min(2, 'must be at least 2'),
  /** When the wait began: recursive resolvers are asked from `recursiveAfter` after it. */
  startedAt: timestamp(),
  deadline: timestamp(),
  checks: count(),
  /** The back-off interval of the next wait, in milliseconds. */
  intervalMs: positiveInt(30 * 86_400_000),
  seenAt: timestamp().optional(),
  lastCheckAt: timestamp().optional(),
  lastCheck: dnsCheckResultSchema.optional(),
  activationAttempts: count(),
  lastActivationError: optionalText(MAX_CARRIED_TEXT),
}));

/** A CRM notification this workflow handed over (workflows/notifications/notify.ts), kept for its query. */
const sentNotificationSchema = sharedSchema('onboarding/dns-wait-carry-over#sentNotificationSchema', () => strictObject({
  type: requiredText(100),
  notificationId: requiredText(500),
  deliveryWorkflowId: optionalText(600),
  outcome: optionalText(MAX_CARRIED_OUTCOME),
}));

/** The customer's DNS setup page link (issue #18), as handed out. */
export const setupPageSchema = sharedSchema('onboarding/dns-wait-carry-over#setupPageSchema', () => strictObject({ url: requiredText(2000), expiresAt: timestamp() }));

/** What both workflows carry. */
const common = sharedSchema('onboarding/dns-wait-carry-over#common', () => ({
  dnsRecords: upgradeDomainSchema,
  expected: z.array(expectedRecordSchema).min(1, 'must have at least 1 items').max(10),
  wait: dnsWaitStateSchema,
  /** What the status said it waits for, and its last error, when the run continued. */
  waitingFor: optionalText(MAX_CARRIED_TEXT),
  lastError: optionalText(MAX_CARRIED_TEXT),
  notifications: z.array(sentNotificationSchema).max(MAX_CARRIED_NOTIFICATIONS).optional(),
  setupPage: setupPageSchema.optional(),
}));

export const onboardingCarryOverSchema = sharedSchema('onboarding/dns-wait-carry-over#onboardingCarryOverSchema', () => strictObject({
  ...common,
  domainId: domainIdSchema(),
  /** The customer was created by this onboarding (not found existing). */
  created: flag(),
  termsOfService: strictObject({ accepted: z.literal(false), action: requiredText(2000), since: timestamp() }).optional(),
}));

export const changeDomainCarryOverSchema = sharedSchema('onboarding/dns-wait-carry-over#changeDomainCarryOverSchema', () => strictObject({
  ...common,
  /** The group name before the change. */
  from: requiredText(253),
  /** The customer's locale (the setup page's language). */
  locale: optionalText(20),
}));

export type DnsWaitCarriedState = z.infer<typeof dnsWaitStateSchema>;
export type OnboardingCarryOver = z.infer<typeof onboardingCarryOverSchema>;
export type ChangeDomainCarryOver = z.infer<typeof changeDomainCarryOverSchema>;
