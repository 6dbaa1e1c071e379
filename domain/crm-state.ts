// The CRM's last-known view of each customer (customer.details_changed events), as the drift check compares it: pure
// rules shared by every place that keeps it (the CRM state entity workflow, the file store). An event seen again is a
// duplicate; an event older than the one recorded is stale and never overwrites newer state.

export interface CrmSubscriptionState {
  productId: string;
  plan?: string;
  licenseCount?: number | null;
}

/** What the CRM says a customer looks like. Fields left out are not compared. */
export interface CrmCustomerState {
  domain: string;
  companyName?: string;
  phoneNumber?: string;
  subscriptions?: CrmSubscriptionState[];
}

export interface CrmStateRecord {
  eventId: string;
  occurredAt: string;
  state: CrmCustomerState;
}

export type CrmStateRecords = Record<string, CrmStateRecord>;

export type RecordOutcome = 'applied' | 'duplicate' | 'stale';

/** Records the event into `all` (in place) unless it is a duplicate or stale; says which. */
export function recordCrmEvent(all: CrmStateRecords, eventId: string, occurredAt: string, state: CrmCustomerState): RecordOutcome {
  const current = all[state.domain];
  if (current?.eventId === eventId) return 'duplicate';
  if (current && Date.parse(current.occurredAt) > Date.parse(occurredAt)) return 'stale';
  all[state.domain] = { eventId, occurredAt, state };
  return 'applied';
}

/** The records of some domains, and how many customers the CRM has sent in all: what one drift-check page needs. */
export interface CrmStateSlice {
  records: CrmStateRecords;
  total: number;
}

export function sliceOf(all: CrmStateRecords, domains: readonly string[]): CrmStateSlice {
  const records: CrmStateRecords = {};
  for (const domain of domains) if (all[domain]) records[domain] = all[domain];
  return { records, total: Object.keys(all).length };
}

/** Where the webhook records the CRM's view and the drift check reads it (crm/crm-state.ts, lib/crm-state-temporal.ts). */
export interface CrmStateStorage {
  record(eventId: string, occurredAt: string, state: CrmCustomerState): Promise<RecordOutcome>;
  readAll(): Promise<CrmStateRecords>;
  /** Only these domains' records (a drift-check page), without moving the whole state. */
  readDomains(domains: readonly string[]): Promise<CrmStateSlice>;
}
