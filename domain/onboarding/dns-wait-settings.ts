// How a DNS wait behaves, as given in workflow inputs (durations like "90s", "30 minutes", "72h"): its schema. Pure.
import { durationsMs } from '../durations.js';
import { byDiscriminator, durationSchema, optionalText, positiveInt, requiredText, strictObject, z } from '../schema.js';
import { sharedSchema } from '../shared-schema.js';

const EXAMPLES = '"90s", "30 minutes" or "72h"';
/** No setting waits longer than this: a longer wait is a typo, and the deadline decision can extend it. */
const MAX_SETTING_MS = 30 * 86_400_000;

const setting = (minMs = 1) => durationSchema(EXAMPLES, MAX_SETTING_MS, minMs);

export const dnsWaitSettingsSchema = sharedSchema('onboarding/dns-wait-settings#dnsWaitSettingsSchema', () => strictObject(
  {
    /** First interval between checks; they back off (doubling) from here. Default "1 minute". */
    initialInterval: setting(),
    /** Checks back off up to this interval. Default "30 minutes". */
    maxInterval: setting(),
    /** Recursive resolvers are asked only after this delay (negative caching). Default "30 minutes". */
    recursiveAfter: setting(),
    /** After DNS is seen everywhere, wait this long before activating (provider lag). Default "60s". */
    grace: setting(0),
    /** Give up waiting (notify and ask for a decision) after this long. Default "72h". */
    deadline: setting(),
  },
  'is not a known setting (initialInterval, maxInterval, recursiveAfter, grace, deadline)',
));

export type DnsWaitSettings = z.infer<typeof dnsWaitSettingsSchema>;

/** Checks per workflow run before it continues as new (its history stays small however long the wait). */
export const DEFAULT_CHECKS_PER_RUN = 100;

/** The optional `dnsWait` of an input: any of the settings, and how many checks one run makes before it continues as new. */
export const dnsWaitInputSchema = sharedSchema('onboarding/dns-wait-settings#dnsWaitInputSchema', () => strictObject(
  {
    ...dnsWaitSettingsSchema.partial().shape,
    /**
     * Checks one run of the workflow makes before it continues as new (earlier when Temporal suggests it). Default
     * 100 (about 1,000 history events); a small number lets a test see several continuations.
     */
    checksPerRun: positiveInt(10_000, 'must be a whole number from 2 to 10000').min(2, 'must be a whole number from 2 to 10000').optional(),
  },
  'is not a known setting (initialInterval, maxInterval, recursiveAfter, grace, deadline, checksPerRun)',
));

export type DnsWaitInput = z.infer<typeof dnsWaitInputSchema>;

export const DNS_WAIT_DEFAULTS: DnsWaitSettings = {
  initialInterval: '1 minute',
  maxInterval: '30 minutes',
  recursiveAfter: '30 minutes',
  grace: '60s',
  deadline: '72h',
};

/** The duration settings in milliseconds, defaults filled in. */
export function dnsWaitMs(settings: DnsWaitInput = {}): Record<keyof DnsWaitSettings, number> {
  const { checksPerRun: _checksPerRun, ...durations } = settings;
  return durationsMs(DNS_WAIT_DEFAULTS, durations);
}

export function dnsChecksPerRun(settings: DnsWaitInput = {}): number {
  return settings.checksPerRun ?? DEFAULT_CHECKS_PER_RUN;
}

const decisionCommon = sharedSchema('onboarding/dns-wait-settings#decisionCommon', () => ({
  /** Who decided (shown in the status and result). */
  decidedBy: requiredText(200, 'who decided'),
  reason: optionalText(1000),
}));

/** The person's decision when the DNS wait reaches its deadline (update `dnsDeadlineDecision`): extend or cancel. */
export const dnsDeadlineDecisionSchema = sharedSchema('onboarding/dns-wait-settings#dnsDeadlineDecisionSchema', () => byDiscriminator(
  'action',
  [
    strictObject({ action: z.literal('extend'), ...decisionCommon, extendBy: durationSchema('"24h" or "3 days"', MAX_SETTING_MS) }),
    strictObject({ action: z.literal('cancel'), ...decisionCommon }),
  ],
  strictObject(decisionCommon),
));

export type DnsDeadlineDecision = z.infer<typeof dnsDeadlineDecisionSchema>;
