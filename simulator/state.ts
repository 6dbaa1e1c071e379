// The simulator's in-memory world: customers and their domains, usage status, subscriptions with their scheduled
// changes, options, metered usage, invoices, Online Direct tenants, and the request journal.
import { randomBytes } from 'node:crypto';
import type { components } from '../partner-api/generated/schema.js';
import type { Customer, CustomerCreateRequest, UpgradeDomain } from '../partner-api/types.js';
import { defaultChoices, type SimChoices } from './choices.js';
import { needsDns } from './inferred.js';
import type { PublishedDnsRecord } from './dns-zone.js';

type Schemas = components['schemas'];

/** The fault labels of the journal (simulator/app.ts): a committed write under these landed though the client saw a failure. */
export const JOURNAL_FAULT_KINDS = ['error', 'tooManyRequests', 'hang', 'slow', 'lateCommit', 'commitThenFail/error', 'commitThenFail/drop'] as const;
export type JournalFaultKind = (typeof JOURNAL_FAULT_KINDS)[number];
/** Faults under which the change was applied (the client saw an error, no answer, or gave up first). */
export const COMMITTED_UNDER_FAULT: readonly JournalFaultKind[] = ['lateCommit', 'commitThenFail/error', 'commitThenFail/drop'];

export interface JournalEntry {
  operation: string;
  method: string;
  path: string;
  body?: unknown;
  status: number;
  at: string;
  /**
   * Set for every call an injected fault shaped (the status is then what the client saw, 0 = no answer): the kind
   * (faultKind) and, in words, what happened. Kinds: error, tooManyRequests, hang, slow, lateCommit (a slow write
   * applied after the client had given up), commitThenFail/error, commitThenFail/drop.
   */
  fault?: string;
  faultKind?: JournalFaultKind;
}

export interface UsageRecord {
  status: Schemas['UsageStatusValue'];
  memberCount: number;
  maxMemberCount: number | null;
  /** Scheduled cancellation date, or the removal date while SUSPENDED_WITHDRAWAL. */
  withdrawalDate: string | null;
  renewal?: { applyDate: string; maxMemberCount: number | null };
  /** The tenant once installed a paid app that cannot be billed in real time (it then goes through pending withdrawal). */
  nonRealtimePaidApp: boolean;
  /** The tenant's administrator accepted the terms of service (needed by activateCustomer; set through the control API). */
  termsAccepted: boolean;
  /** Actual usage per option family the renewal checks a downgrade against: SSTG2 in TB, BCT in contacts. */
  storageUsage: Record<string, number>;
  /** The day the current withdrawalDate was set (the "reserved by the 24th" rule). */
  withdrawalReservedOn?: string;
  /** The non-real-time paid app was stopped on this day: no Option Plus charge from then on. */
  optionPlusStoppedOn?: string;
}

/** What invoices still show for a tenant after it was removed. */
export interface FormerCustomer {
  domain: string;
  companyName: string;
  customerCode?: string;
}

export interface SubscriptionRecord {
  domainId: number;
  subscriptionId: number;
  productId: string;
  plan: string;
  planStartDate: string;
  planEndDate: string | null;
  licenseAssignType: 'NONE' | 'AUTO' | 'MANUAL';
  licenseCount: number | null;
  status: 'ACTIVE' | 'SUSPENDED_TRIALEND' | 'UPGRADING';
  renewal: { type: 'STAY' | 'CHANGE' | 'CANCEL'; productId?: string; plan?: string; licenseCount?: number } | null;
  /** While UPGRADING: the product it becomes and when (simulated ms) the background upgrade completes. */
  upgrade?: { productId: string; completesAtMs: number };
}

export type PreOrderRecord = Schemas['SubscriptionPreOrder'] & { domainId: number };
export type ReservationRecord = Schemas['SubscriptionReservation'];

export interface OptionRecord {
  domainId: number;
  subscriptionId: number;
  optionProductId: string;
  subOptionId: string;
  appliedTime: string;
  quantity: number | null;
  plan: 'TRIAL' | 'MONTHLY' | 'ANNUAL_LICENSE' | 'ANNUAL_PREPAY_LICENSE';
  planStartDate: string;
  planEndDate: string;
  renewal: { type: 'STAY' | 'CHANGE'; subOptionId: string; quantity: number | null };
}

export interface OptionOrderRecord {
  domainId: number;
  subscriptionId: number | null;
  optionProductId: string;
  subOptionId: string;
  type: Schemas['OptionProductOrderType'];
  quantity: number | null;
  applyDate: string;
}

export interface PotentialCustomerRecord {
  domain: string;
  partnerCode: string;
  tenantId: number;
  domainId: number;
  productId: string | null;
  productIds: string[];
  notHandledApps: string[];
  companyName: string;
  phoneNumber: string;
  timeZone: string;
  locale: Customer['locale'];
  memberCount: number;
}

export interface TransferRecord {
  domain: string;
  completesAtMs: number;
  enablePartnerProfileDisplay: boolean;
}

export type CustomerUsageRow = Schemas['CustomerUsage'] & { domainId: number };
export type OptionUsageRow = Schemas['OptionProductUsage'] & { domainId: number };
export type InvoiceRecord = Schemas['Invoice'];
export type InvoiceDetailRecord = Schemas['InvoiceDetail'];

export interface OptionPlusRow {
  domainId: number;
  usedDate: string;
}

export interface PenaltyRecord {
  domainId: number;
  date: string;
  itemId: string;
  amount: number;
}

export class SimulatorState {
  customers = new Map<number, Customer>();
  upgradeDomains = new Map<number, UpgradeDomain>();
  /** Domains whose DNS records are "in place", set through the control API (used when no DNS resolver is configured). */
  verifiedDns = new Set<string>();
  /** Records customers' DNS admins have published, by domain (dns-zone.ts; `partnerctl sim dns publish`). */
  publishedDns = new Map<string, PublishedDnsRecord[]>();
  usage = new Map<number, UsageRecord>();
  subscriptions = new Map<number, SubscriptionRecord>();
  /** Product groups each customer has used a free or trial plan of (a paid application needs one). */
  usedGroups = new Map<number, Set<string>>();
  preOrders = new Map<number, PreOrderRecord>();
  /** At most one scheduled change per subscription, keyed by subscriptionId. */
  reservations = new Map<number, ReservationRecord>();
  /** Options in use, keyed by `${domainId}:${optionProductId}`. */
  options = new Map<string, OptionRecord>();
  /** Scheduled option tasks, at most one per option family, keyed like `options`. */
  optionOrders = new Map<string, OptionOrderRecord>();
  /** Annual options cancelled early cannot be bought again before this date, keyed like `options`. */
  optionRebuyFrom = new Map<string, string>();
  potentialCustomers = new Map<string, PotentialCustomerRecord>();
  transfers: TransferRecord[] = [];
  usageRows: CustomerUsageRow[] = [];
  optionUsageRows: OptionUsageRow[] = [];
  penalties: PenaltyRecord[] = [];
  invoices: InvoiceRecord[] = [];
  /** Per-customer invoice lines by invoice month (`YYYY-MM`). */
  invoiceDetails = new Map<string, InvoiceDetailRecord[]>();
  journal: JournalEntry[] = [];
  /** Days on which a tenant's non-real-time paid app ran (Option Plus charges). */
  optionPlusRows: OptionPlusRow[] = [];
  /** Removed tenants, so invoices of their last month still carry their domain and name. */
  formerCustomers = new Map<number, FormerCustomer>();
  /** The partner's own domain (never deleted, no withdrawalDate), when one is modelled. */
  partnerDomainId: number | undefined;
  /** When each domain's DNS records were marked in place (simulated ms), for the per-server propagation delay. */
  dnsPublishedAtMs = new Map<string, number>();
  /** Per-server propagation delay (ms) of the simulated authoritative DNS servers, by server name. */
  dnsServerDelaysMs = new Map<string, number>();
  /** The choices where the docs are silent (choices.ts); `configuredChoices` is what reset goes back to. */
  choices: SimChoices;
  readonly configuredChoices: SimChoices;
  /** The last day whose scheduled changes and 00:00 usage snapshot have been processed. */
  processedThrough = '';
  #nextDomainId: number;
  #nextTenantId: number;
  #nextSubscriptionId: number;
  #nextOptionSubscriptionId: number;
  #nextPreOrderId: number;
  #nextInvoiceNo = 2_084_426_001;

  readonly #configuredDnsDelays: Record<string, number>;

  constructor(choices: SimChoices = defaultChoices(), dnsServerDelaysMs: Record<string, number> = {}) {
    this.#configuredDnsDelays = { ...dnsServerDelaysMs };
    this.dnsServerDelaysMs = new Map(Object.entries(dnsServerDelaysMs));
    this.configuredChoices = structuredClone(choices);
    this.choices = structuredClone(choices);
    const ids = this.choices.firstIds;
    this.#nextDomainId = ids.domainId;
    this.#nextTenantId = ids.tenantId;
    this.#nextSubscriptionId = ids.subscriptionId;
    this.#nextOptionSubscriptionId = ids.optionSubscriptionId;
    this.#nextPreOrderId = ids.preOrderId;
  }

  /** The world is empty again; choices go back to the configured ones, except first IDs changed since (they apply now). */
  reset(): void {
    this.customers.clear();
    this.upgradeDomains.clear();
    this.verifiedDns.clear();
    this.publishedDns.clear();
    this.usage.clear();
    this.subscriptions.clear();
    this.usedGroups.clear();
    this.preOrders.clear();
    this.reservations.clear();
    this.options.clear();
    this.optionOrders.clear();
    this.optionRebuyFrom.clear();
    this.potentialCustomers.clear();
    this.transfers = [];
    this.usageRows = [];
    this.optionUsageRows = [];
    this.penalties = [];
    this.invoices = [];
    this.invoiceDetails.clear();
    this.journal = [];
    this.optionPlusRows = [];
    this.formerCustomers.clear();
    this.partnerDomainId = undefined;
    this.dnsPublishedAtMs.clear();
    this.dnsServerDelaysMs = new Map(Object.entries(this.#configuredDnsDelays));
    this.processedThrough = '';
    const ids = this.choices.firstIds;
    this.choices = { ...structuredClone(this.configuredChoices), firstIds: ids };
    this.#nextDomainId = ids.domainId;
    this.#nextTenantId = ids.tenantId;
    this.#nextSubscriptionId = ids.subscriptionId;
    this.#nextOptionSubscriptionId = ids.optionSubscriptionId;
    this.#nextPreOrderId = ids.preOrderId;
    this.#nextInvoiceNo = 2_084_426_001;
  }

  findByDomain(domain: string): Customer | undefined {
    for (const customer of this.customers.values()) if (customer.domain === domain) return customer;
    return undefined;
  }

  isNameTaken(domain: string): boolean {
    if (this.findByDomain(domain)) return true;
    for (const upgrade of this.upgradeDomains.values()) if (upgrade.domain === domain) return true;
    return this.potentialCustomers.has(domain);
  }

  addCustomer(request: CustomerCreateRequest, extra: { memberCount?: number; nonRealtimePaidApp?: boolean } = {}): Customer {
    const domainId = this.#nextDomainId++;
    const dns = needsDns(request.domain, this.choices.noDnsSuffixes);
    const customer: Customer = {
      tenantId: this.#nextTenantId++,
      domainId,
      domain: request.domain,
      productId: null,
      companyName: request.companyName,
      phoneNumber: request.phoneNumber,
      timeZone: request.timeZone,
      locale: request.locale,
      enableActiveMxrecord: false,
      enableActiveDomain: !dns,
      domainType: dns ? 'DOMAIN' : 'GROUP',
      partnership: { status: 'NORMAL', enablePartnerProfileDisplay: request.partnership?.enablePartnerProfileDisplay ?? true },
    };
    if (request.administrator) {
      const { password: _password, ...administrator } = request.administrator;
      customer.administrator = administrator;
    }
    this.customers.set(domainId, customer);
    this.usage.set(domainId, {
      status: 'ACTIVE',
      memberCount: extra.memberCount ?? (request.administrator ? 1 : 0),
      maxMemberCount: null,
      withdrawalDate: null,
      nonRealtimePaidApp: extra.nonRealtimePaidApp ?? false,
      termsAccepted: this.choices.termsAcceptedOnCreate,
      storageUsage: {},
    });
    if (dns) this.upgradeDomains.set(domainId, dnsRecordsFor(request.domain));
    return customer;
  }

  /** Takes over an existing tenant (an Online Direct transfer): its IDs are kept. */
  adoptCustomer(customer: Customer, usage: Partial<UsageRecord> = {}): void {
    this.customers.set(customer.domainId, customer);
    this.usage.set(customer.domainId, {
      status: 'ACTIVE',
      memberCount: 0,
      maxMemberCount: null,
      withdrawalDate: null,
      nonRealtimePaidApp: false,
      // A transferred tenant is in use already: its administrator accepted the terms long ago.
      termsAccepted: true,
      storageUsage: {},
      ...usage,
    });
  }

  /** Removes a tenant and everything hanging off it. */
  removeCustomer(domainId: number): void {
    const customer = this.customers.get(domainId);
    if (customer) {
      const code = (customer.partnership as { customerCode?: string } | undefined)?.customerCode;
      this.formerCustomers.set(domainId, { domain: customer.domain, companyName: customer.companyName, ...(code ? { customerCode: code } : {}) });
    }
    this.customers.delete(domainId);
    this.upgradeDomains.delete(domainId);
    this.usage.delete(domainId);
    this.usedGroups.delete(domainId);
    for (const [id, sub] of this.subscriptions) if (sub.domainId === domainId) this.removeSubscription(id);
    for (const [id, order] of this.preOrders) if (order.domainId === domainId) this.preOrders.delete(id);
    for (const [key, option] of this.options) if (option.domainId === domainId) this.options.delete(key);
    for (const [key, order] of this.optionOrders) if (order.domainId === domainId) this.optionOrders.delete(key);
  }

  subscriptionsOf(domainId: number): SubscriptionRecord[] {
    return [...this.subscriptions.values()].filter((s) => s.domainId === domainId).sort((a, b) => a.subscriptionId - b.subscriptionId);
  }

  addSubscription(record: Omit<SubscriptionRecord, 'subscriptionId'>): SubscriptionRecord {
    const subscription = { ...record, subscriptionId: this.#nextSubscriptionId++ };
    this.subscriptions.set(subscription.subscriptionId, subscription);
    return subscription;
  }

  removeSubscription(subscriptionId: number): void {
    this.subscriptions.delete(subscriptionId);
    this.reservations.delete(subscriptionId);
  }

  markGroupUsed(domainId: number, group: string): void {
    const groups = this.usedGroups.get(domainId) ?? new Set<string>();
    groups.add(group);
    this.usedGroups.set(domainId, groups);
  }

  addPreOrder(record: Omit<PreOrderRecord, 'preOrderId'>): PreOrderRecord {
    const preOrder = { ...record, preOrderId: this.#nextPreOrderId++ };
    this.preOrders.set(preOrder.preOrderId, preOrder);
    return preOrder;
  }

  optionsOf(domainId: number): OptionRecord[] {
    return [...this.options.values()].filter((o) => o.domainId === domainId);
  }

  optionOrdersOf(domainId: number): OptionOrderRecord[] {
    return [...this.optionOrders.values()].filter((o) => o.domainId === domainId);
  }

  nextOptionSubscriptionId(): number {
    return this.#nextOptionSubscriptionId++;
  }

  nextInvoiceNo(): number {
    return this.#nextInvoiceNo++;
  }

  /** Reserves IDs so seeded tenants keep their own domainId/tenantId without clashing with new ones. */
  reserveIds(domainId: number, tenantId: number): void {
    this.#nextDomainId = Math.max(this.#nextDomainId, domainId + 1);
    this.#nextTenantId = Math.max(this.#nextTenantId, tenantId + 1);
  }

  allocateIds(): { domainId: number; tenantId: number } {
    return { domainId: this.#nextDomainId++, tenantId: this.#nextTenantId++ };
  }
}

export function optionKey(domainId: number, optionProductId: string): string {
  return `${domainId}:${optionProductId}`;
}

/** The DNS records a customer must publish for `domain`: TXT ownership token, CNAME and two MX hosts. */
export function dnsRecordsFor(domain: string): UpgradeDomain {
  const token = randomBytes(12).toString('hex');
  return {
    domain,
    isActiveDomain: false,
    txtHost: domain,
    txtToken: `worksmobile-certification=${token}`,
    cnameHost: `lw-${token.slice(0, 8)}.${domain}`,
    cnameTarget: 'verify.worksmobile.com',
    mxRecordHost: domain,
    mxRecordValue: { priority10: 'mx1.worksmobile.com', priority20: 'mx2.worksmobile.com' },
  };
}
