// The calendar of pending scheduled changes across customers, built from what the API lists. Pure: the activity
// reads, this turns the reads into dated rows (sorted by date, then customer).
import { addDays } from '../dates.js';
import type {
  OptionProduct,
  OptionProductOrder,
  OptionProductRenewal,
  Subscription,
  SubscriptionPreOrder,
  SubscriptionRenewal,
  SubscriptionReservation,
  UsageStatus,
} from './subscription-products.js';

export type CalendarKind =
  | 'PRE_ORDER'
  | 'RESERVATION'
  | 'RENEWAL_CHANGE'
  | 'OPTION_ORDER'
  | 'OPTION_RENEWAL_CHANGE'
  | 'TENANT_CANCELLATION'
  | 'USER_CAP_CHANGE';

export interface CalendarEntry {
  date: string;
  domainId: number;
  domain?: string;
  kind: CalendarKind;
  /** What it applies to: a product, subscription or option. */
  subject: string;
  detail: string;
}

export interface CustomerSchedule {
  domainId: number;
  domain?: string;
  preOrders: SubscriptionPreOrder[];
  subscriptions: { subscription: Subscription; reservation: SubscriptionReservation | null; renewal: SubscriptionRenewal | null }[];
  optionOrders: OptionProductOrder[];
  options: { option: OptionProduct; renewal: OptionProductRenewal | null }[];
  usage: UsageStatus;
}

const fields = (parts: Record<string, unknown>): string =>
  Object.entries(parts)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(', ');

export function calendarEntries(schedules: CustomerSchedule[]): CalendarEntry[] {
  const rows: CalendarEntry[] = [];
  for (const c of schedules) {
    const at = { domainId: c.domainId, ...(c.domain ? { domain: c.domain } : {}) };
    for (const p of c.preOrders) {
      rows.push({ ...at, date: p.applyDate, kind: 'PRE_ORDER', subject: String(p.productId ?? '?'), detail: `apply (#${p.preOrderId}): ${fields({ plan: p.plan, licenses: p.licenseCount })}` });
    }
    for (const { subscription: s, reservation: r, renewal } of c.subscriptions) {
      const subject = `${s.productId} #${s.subscriptionId}`;
      if (r) rows.push({ ...at, date: r.applyDate, kind: 'RESERVATION', subject, detail: `${r.type}${fields({ plan: r.plan, product: r.productId, licenses: r.licenseCount }) ? `: ${fields({ plan: r.plan, product: r.productId, licenses: r.licenseCount })}` : ''}` });
      if (renewal && renewal.type !== 'STAY' && s.planEndDate) {
        const what = renewal.type === 'CANCEL' ? 'CANCEL (not renewed)' : `CHANGE: ${fields({ product: renewal.productId, plan: renewal.plan, licenses: renewal.licenseCount })}`;
        rows.push({ ...at, date: addDays(s.planEndDate, 1), kind: 'RENEWAL_CHANGE', subject, detail: what });
      }
    }
    for (const o of c.optionOrders) {
      rows.push({ ...at, date: o.applyDate, kind: 'OPTION_ORDER', subject: o.optionProductId, detail: `${o.type}: ${fields({ subOption: o.subOptionId, quantity: o.quantity })}` });
    }
    for (const { option, renewal } of c.options) {
      if (renewal && renewal.type === 'CHANGE') {
        rows.push({ ...at, date: addDays(option.planEndDate, 1), kind: 'OPTION_RENEWAL_CHANGE', subject: option.optionProductId, detail: `CHANGE: ${fields({ subOption: renewal.subOptionId, quantity: renewal.quantity })}` });
      }
    }
    if (c.usage.withdrawalDate) {
      rows.push({ ...at, date: c.usage.withdrawalDate, kind: 'TENANT_CANCELLATION', subject: 'tenant', detail: `tenant cancelled (status ${c.usage.status ?? '?'})` });
    }
    if (c.usage.renewal) {
      const cap = c.usage.renewal.maxMemberCount;
      rows.push({ ...at, date: c.usage.renewal.applyDate, kind: 'USER_CAP_CHANGE', subject: 'tenant', detail: `user cap ${c.usage.maxMemberCount ?? 'none'} -> ${cap ?? 'none'}` });
    }
  }
  return rows.sort((a, b) => a.date.localeCompare(b.date) || a.domainId - b.domainId || a.kind.localeCompare(b.kind) || a.subject.localeCompare(b.subject));
}

/** A fixed-width text table of the entries, for people. */
export function calendarTable(entries: CalendarEntry[]): string {
  const header = ['date', 'domainId', 'domain', 'kind', 'subject', 'detail'];
  const rows = entries.map((e) => [e.date, String(e.domainId), e.domain ?? '', e.kind, e.subject, e.detail]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
