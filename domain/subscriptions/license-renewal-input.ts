// The licenseRenewal workflow's input and the pure decision of how many licenses to renew with.
import { asObject, InvalidInputError, optionalString, type Problems } from '../input-validation.js';
import { DEFAULT_API_TIME_ZONE, isKnownTimeZone } from '../dates.js';
import type { Subscription, SubscriptionRenewal } from './subscription-products.js';
import { optionalPositiveInt, rejectUnknownFields, requirePositiveInt } from './subscription-input.js';

export interface LicenseRenewalInputV1 {
  domainId: number;
  subscriptionId: number;
  /** Days before the renewal date on which the count is decided and the renewal setting made. Default 14. */
  leadDays?: number;
  /** Margin over the current member count, in percent (rounded up). Default 10. */
  marginPercent?: number;
  /** A count given by the CRM for the next renewal; overrides usage + margin. Cleared once that renewal has passed. */
  targetLicenseCount?: number;
  timeZone?: string;
  /** Terms this workflow has already handled; set by continue-as-new, 0 on the first run. */
  terms?: number;
}

export type LicenseRenewalInput = LicenseRenewalInputV1;

export const DEFAULT_LEAD_DAYS = 14;
export const DEFAULT_MARGIN_PERCENT = 10;

export function licenseRenewalWorkflowId(domainId: number, subscriptionId: number): string {
  return `license-renewal/${domainId}/${subscriptionId}`;
}

function optionalNonNegativeInt(input: Record<string, unknown>, field: string, problems: Problems, max: number): number | undefined {
  const value = input[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    problems.push(`${field} must be an integer from 0 to ${max}`);
    return undefined;
  }
  return value;
}

export function parseLicenseRenewalInput(raw: unknown): LicenseRenewalInput {
  const problems: Problems = [];
  const input = asObject(raw, 'input', problems);
  const domainId = requirePositiveInt(input, 'domainId', problems);
  const subscriptionId = requirePositiveInt(input, 'subscriptionId', problems);
  const leadDays = optionalNonNegativeInt(input, 'leadDays', problems, 60);
  const marginPercent = optionalNonNegativeInt(input, 'marginPercent', problems, 1000);
  const targetLicenseCount = optionalPositiveInt(input, 'targetLicenseCount', problems);
  if (targetLicenseCount !== undefined && targetLicenseCount > 1_000_000) problems.push('targetLicenseCount must be at most 1000000');
  const timeZone = optionalString(input, 'timeZone', problems) ?? DEFAULT_API_TIME_ZONE;
  if (!isKnownTimeZone(timeZone)) problems.push(`timeZone "${timeZone}" is not a known IANA time zone`);
  const terms = optionalNonNegativeInt(input, 'terms', problems, 1_000_000);
  rejectUnknownFields(input, ['domainId', 'subscriptionId', 'leadDays', 'marginPercent', 'targetLicenseCount', 'timeZone', 'terms'], problems);
  if (problems.length > 0) throw new InvalidInputError('licenseRenewal', problems);
  return {
    domainId,
    subscriptionId,
    leadDays: leadDays ?? DEFAULT_LEAD_DAYS,
    marginPercent: marginPercent ?? DEFAULT_MARGIN_PERCENT,
    ...(targetLicenseCount !== undefined ? { targetLicenseCount } : {}),
    timeZone,
    terms: terms ?? 0,
  };
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
