// The licenseRenewal workflow's input (its schema: type inferred, validation from it) and the pure decision of how
// many licenses to renew with.
import { DEFAULT_API_TIME_ZONE } from '../dates.js';
import { parseWithSchema, positiveInt, strictObject, timeZoneSchema, z } from '../schema.js';
import type { Subscription, SubscriptionRenewal } from './subscription-products.js';
import { countSchema } from './subscription-input.js';
import { lastRenewalSchema } from './storage-renewal.js';
import { sharedSchema } from '../shared-schema.js';

export const DEFAULT_LEAD_DAYS = 14;
export const DEFAULT_MARGIN_PERCENT = 10;

function wholeNumber(max: number) {
  const message = `must be an integer from 0 to ${max}`;
  return z.number({ error: message }).int(message).min(0, message).max(max, message);
}

export const licenseRenewalInputSchema = sharedSchema('subscriptions/license-renewal-input#licenseRenewalInputSchema', () => z.strictObject({
  domainId: positiveInt(),
  subscriptionId: positiveInt(),
  /** Days before the renewal date on which the count is decided and the renewal setting made. Default 14. */
  leadDays: wholeNumber(60).default(DEFAULT_LEAD_DAYS),
  /** Margin over the current member count, in percent (rounded up). Default 10. */
  marginPercent: wholeNumber(1000).default(DEFAULT_MARGIN_PERCENT),
  /** A count given by the CRM for the next renewal; overrides usage + margin. Cleared once that renewal has passed. */
  targetLicenseCount: countSchema().optional(),
  timeZone: timeZoneSchema().default(DEFAULT_API_TIME_ZONE),
  /** Terms this workflow has already handled; set by continue-as-new, 0 on the first run. */
  terms: wholeNumber(1_000_000).default(0),
  /** Set by continue-as-new: what the renewal that ended the previous term did to requested storage downgrades. */
  lastRenewal: lastRenewalSchema.optional(),
}));

export type LicenseRenewalInputV1 = z.input<typeof licenseRenewalInputSchema>;
export type LicenseRenewalInput = LicenseRenewalInputV1;
export type ParsedLicenseRenewalInput = z.output<typeof licenseRenewalInputSchema>;

/** The argument of the setRenewalTarget signal: the CRM's count for the next renewal, or null to go back to usage + margin. */
export const renewalTargetSchema = sharedSchema('subscriptions/license-renewal-input#renewalTargetSchema', () => strictObject({ licenseCount: countSchema().nullable() }));
export type RenewalTarget = z.infer<typeof renewalTargetSchema>;

export function licenseRenewalWorkflowId(domainId: number, subscriptionId: number): string {
  return `license-renewal/${domainId}/${subscriptionId}`;
}

export function parseLicenseRenewalInput(raw: unknown): ParsedLicenseRenewalInput {
  return parseWithSchema('licenseRenewal', licenseRenewalInputSchema, raw);
}

export interface RenewalCount {
  licenseCount: number;
  /** Where the number came from, in words. */
  source: string;
}

/** The license count to renew with: the CRM's target, else the member count plus the margin (rounded up, at least 1). */
export function renewalLicenseCount(memberCount: number, marginPercent: number, target?: number): RenewalCount {
  if (target !== undefined) return { licenseCount: target, source: `target ${target} given by the CRM` };
  const licenseCount = Math.max(1, Math.ceil((memberCount * (100 + marginPercent)) / 100));
  return { licenseCount, source: `${memberCount} members + ${marginPercent}% margin` };
}

/**
 * The renewal CHANGE body that renews with `licenseCount`, keeping the product and contract type a CHANGE already
 * targets (e.g. an upgrade at renewal); undefined when the setting already renews with that count.
 */
export function renewalChangeBody(
  sub: Subscription,
  renewal: SubscriptionRenewal | null,
  licenseCount: number,
): { type: 'CHANGE'; productId: string; plan: string; licenseCount: number } | undefined {
  const change = renewal?.type === 'CHANGE' ? renewal : undefined;
  if (change && change.licenseCount === licenseCount) return undefined;
  if ((!renewal || renewal.type === 'STAY') && sub.licenseCount === licenseCount) return undefined;
  return { type: 'CHANGE', productId: change?.productId ?? sub.productId, plan: change?.plan ?? sub.plan, licenseCount };
}
