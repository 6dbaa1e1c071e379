// Seed data: a JSON description of the world to start from (POST /_simulator/seed, or `seed` / --seed on start).
// Every entry is checked and problems name the entry at fault.
import { groupOf, isLicensePlan, kindOf, OPTIONS } from './catalog.js';
import { isDate } from './dates.js';
import type { SimContext } from './http.js';
import { addOption, startPaid, trialEnd } from './products.js';
import type { Customer } from '../partner-api/types.js';
import { choicesProblems, mergeChoices, type SimChoices } from './choices.js';
import { storageUsageProblems } from './storage.js';

export interface SeedSubscription {
  productId: string;
  plan: string;
  licenseCount?: number;
  /** Default: today. */
  planStartDate?: string;
}

export interface SeedCustomer {
  domain: string;
  companyName: string;
  phoneNumber?: string;
  timeZone?: string;
  locale?: Customer['locale'];
  memberCount?: number;
  nonRealtimePaidApp?: boolean;
  /** For real domains: mark DNS as in place and the domain as active. */
  activated?: boolean;
  /** Whether the tenant's administrator accepted the terms of service (default: the termsAcceptedOnCreate choice). */
  termsAccepted?: boolean;
  /** Actual usage of storage-bound options: `{ SSTG2: TB, BCT: contacts }` (the renewal's downgrade check). */
  storageUsage?: Record<string, number>;
  /** This customer is the partner's own domain (cannot be deleted or given a withdrawalDate). */
  partnerOwnDomain?: boolean;
  subscriptions?: SeedSubscription[];
  options?: Array<{ optionProductId: string; subOptionId: string; quantity?: number }>;
}

export interface SeedPotentialCustomer {
  domain: string;
  partnerCode: string;
  companyName?: string;
  productIds?: string[];
  notHandledApps?: string[];
  memberCount?: number;
}

export interface Seed {
  /** Choices where the docs are silent (choices.ts), applied before the customers. */
  choices?: Partial<SimChoices>;
  customers?: SeedCustomer[];
  potentialCustomers?: SeedPotentialCustomer[];
  verifiedDns?: string[];
}

export class SeedError extends Error {}

export function applySeed(ctx: SimContext, input: unknown): { domainIds: number[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new SeedError('seed must be a JSON object');
  const seed = input as Seed;
  const { state, clock } = ctx;
  const today = clock.today();
  const domainIds: number[] = [];
  if (seed.choices !== undefined) {
    const problems = choicesProblems(seed.choices);
    if (problems.length > 0) throw new SeedError(problems.join('; '));
    mergeChoices(state.choices, seed.choices);
  }
  for (const domain of seed.verifiedDns ?? []) state.verifiedDns.add(domain);
  (seed.customers ?? []).forEach((entry, index) => {
    const where = `customers[${index}]`;
    if (typeof entry?.domain !== 'string' || typeof entry.companyName !== 'string') throw new SeedError(`${where} needs domain and companyName`);
    if (state.isNameTaken(entry.domain)) throw new SeedError(`${where}.domain ${entry.domain} is already taken`);
    const customer = state.addCustomer(
      {
        domain: entry.domain,
        companyName: entry.companyName,
        phoneNumber: entry.phoneNumber ?? '03-0000-0000',
        timeZone: entry.timeZone ?? 'Asia/Tokyo',
        locale: entry.locale ?? 'ja_JP',
      },
      { memberCount: entry.memberCount ?? 1, nonRealtimePaidApp: entry.nonRealtimePaidApp ?? false },
    );
    domainIds.push(customer.domainId);
    const usage = state.usage.get(customer.domainId)!;
    if (entry.termsAccepted !== undefined) usage.termsAccepted = entry.termsAccepted === true;
    if (entry.storageUsage !== undefined) {
      const problems = storageUsageProblems(entry.storageUsage, `${where}.storageUsage`);
      if (problems.length > 0) throw new SeedError(problems.join('; '));
      usage.storageUsage = { ...entry.storageUsage };
    }
    if (entry.partnerOwnDomain) state.partnerDomainId = customer.domainId;
    if (entry.activated && customer.domainType === 'DOMAIN') {
      customer.enableActiveDomain = true;
      customer.enableActiveMxrecord = true;
      state.verifiedDns.add(customer.domain);
      const upgrade = state.upgradeDomains.get(customer.domainId);
      if (upgrade) upgrade.isActiveDomain = true;
    }
    (entry.subscriptions ?? []).forEach((s, i) => {
      const at = `${where}.subscriptions[${i}]`;
      const kind = kindOf(s?.productId);
      const group = groupOf(s?.productId);
      if (!kind || !group) throw new SeedError(`${at}.productId ${s?.productId} is not a known product`);
      if (!group.plans.includes(s.plan)) throw new SeedError(`${at}.plan must be one of ${group.plans.join(', ')}`);
      if (s.planStartDate !== undefined && !isDate(s.planStartDate)) throw new SeedError(`${at}.planStartDate must be YYYY-MM-DD`);
      const start = s.planStartDate ?? today;
      state.markGroupUsed(customer.domainId, group.id);
      if (kind === 'paid') startPaid(state, customer.domainId, s.productId, s.plan, isLicensePlan(s.plan) ? (s.licenseCount ?? 1) : null, start);
      else
        state.addSubscription({
          domainId: customer.domainId,
          productId: s.productId,
          plan: s.plan,
          planStartDate: start,
          planEndDate: kind === 'trial' ? trialEnd(start) : null,
          licenseAssignType: group.id === 'ROGER' ? 'AUTO' : 'NONE',
          licenseCount: isLicensePlan(s.plan) ? (s.licenseCount ?? 1) : null,
          status: kind === 'trial' && trialEnd(start) < today ? 'SUSPENDED_TRIALEND' : 'ACTIVE',
          renewal: null,
        });
    });
    (entry.options ?? []).forEach((o, i) => {
      const at = `${where}.options[${i}]`;
      const spec = OPTIONS[o?.optionProductId];
      if (!spec || !spec.subOptions.includes(o.subOptionId)) throw new SeedError(`${at} is not a known optionProductId/subOptionId pair`);
      const base = state.subscriptionsOf(customer.domainId).find((s) => spec.baseProducts.includes(s.productId));
      if (!base) throw new SeedError(`${at}: ${o.optionProductId} needs one of ${spec.baseProducts.join(', ')} in subscriptions`);
      addOption(state, base, o.optionProductId, o.subOptionId, spec.quantityBased ? (o.quantity ?? 1) : null, clock.now(), base.planStartDate);
    });
  });
  (seed.potentialCustomers ?? []).forEach((entry, index) => {
    const where = `potentialCustomers[${index}]`;
    if (typeof entry?.domain !== 'string' || typeof entry.partnerCode !== 'string') throw new SeedError(`${where} needs domain and partnerCode`);
    if (state.isNameTaken(entry.domain)) throw new SeedError(`${where}.domain ${entry.domain} is already taken`);
    const ids = state.allocateIds();
    const productIds = entry.productIds ?? ['FR'];
    state.potentialCustomers.set(entry.domain, {
      domain: entry.domain,
      partnerCode: entry.partnerCode,
      ...ids,
      productId: productIds.find((p) => groupOf(p)?.id === 'WORKS') ?? null,
      productIds,
      notHandledApps: entry.notHandledApps ?? [],
      companyName: entry.companyName ?? entry.domain,
      phoneNumber: '03-0000-0000',
      timeZone: 'Asia/Tokyo',
      locale: 'ja_JP',
      memberCount: entry.memberCount ?? 1,
    });
  });
  return { domainIds };
}
