// What a workflow waiting for DNS hands to its next run when it continues as new (a 72-hour wait is about 150 checks,
// more with extensions): the records it handed out, what its status showed, and the wait's own state, so the next run
// goes on where this one stopped without any API call or CRM notification made again. Pure: part of the run input
// schemas (onboard-customer-input.ts, change-domain-input.ts), validated like the rest of the input.
//
// Set only by the workflows themselves: the start schemas (the catalog's, so every trigger's: webhook, partnerctl,
// scripts) do not know the field `continuedDnsWait` and refuse it as an unknown field.
import { domainIdSchema, flag, optionalText, positiveInt, requiredText, strictObject, z } from '../schema.js';

/** The field of a run input that carries the wait into the next run. */
export const CONTINUED_DNS_WAIT_FIELD = 'continuedDnsWait';

const timestamp = () => z.iso.datetime({ error: 'must be an ISO timestamp' });
const count = () => z.int({ error: 'must be a whole number' }).min(0, 'must be at least 0');

export const expectedRecordSchema = strictObject({
  type: z.enum(['TXT', 'CNAME', 'MX']),
  host: requiredText(253),
  value: requiredText(1000),
  priority: z.int().optional(),
  purpose: z.enum(['ownership', 'mail']),
});

/** The API's UpgradeDomain (getUpgradeDomain): the fields we use are checked, others pass through unchanged. */
export const upgradeDomainSchema = z.looseObject({
  domain: z.string().optional(),
  isActiveDomain: z.boolean().optional(),
  cnameHost: z.string().optional(),
  cnameTarget: z.string().optional(),
  txtHost: z.string().optional(),
  txtToken: z.string().optional(),
  mxRecordHost: z.string().optional(),
  mxRecordValue: z.looseObject({ priority10: z.string().optional(), priority20: z.string().optional() }).optional(),
});

/** The last DNS check as the status shows it (dns/propagation.ts DnsCheckResult). */
export const dnsCheckResultSchema = z.looseObject({
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
});

/** The wait itself (workflows/onboarding/dns-wait.ts): its clock, back-off and what it has seen so far. */
export const dnsWaitStateSchema = strictObject({
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
  lastActivationError: optionalText(2000),
});

/** A CRM notification this workflow handed over (workflows/notifications/notify.ts), kept for its query. */
const sentNotificationSchema = strictObject({
  type: requiredText(100),
  notificationId: requiredText(500),
  deliveryWorkflowId: optionalText(600),
  outcome: optionalText(2000),
});

/** The customer's DNS setup page link (issue #18), as handed out. */
export const setupPageSchema = strictObject({ url: requiredText(2000), expiresAt: timestamp() });

/** What both workflows carry. */
const common = {
  dnsRecords: upgradeDomainSchema,
  expected: z.array(expectedRecordSchema).min(1, 'must have at least 1 items').max(10),
  wait: dnsWaitStateSchema,
  /** What the status said it waits for, and its last error, when the run continued. */
  waitingFor: optionalText(2000),
  lastError: optionalText(2000),
  notifications: z.array(sentNotificationSchema).max(200).optional(),
  setupPage: setupPageSchema.optional(),
};

export const onboardingCarryOverSchema = strictObject({
  ...common,
  domainId: domainIdSchema(),
  /** The customer was created by this onboarding (not found existing). */
  created: flag(),
  termsOfService: strictObject({ accepted: z.literal(false), action: requiredText(2000), since: timestamp() }).optional(),
});

export const changeDomainCarryOverSchema = strictObject({
  ...common,
  /** The group name before the change. */
  from: requiredText(253),
  /** The customer's locale (the setup page's language). */
  locale: optionalText(20),
});

export type DnsWaitCarriedState = z.infer<typeof dnsWaitStateSchema>;
export type OnboardingCarryOver = z.infer<typeof onboardingCarryOverSchema>;
export type ChangeDomainCarryOver = z.infer<typeof changeDomainCarryOverSchema>;
