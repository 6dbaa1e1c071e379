// Metering and invoices generated from state: a usage snapshot of every customer at 00:00 each simulated day, and on
// the 1st of each month an invoice (plus per-customer lines) for the previous month, built from those snapshots.
import { groupOf, isLicensePlan, OPTIONS } from './catalog.js';
import { addDays, daysInMonth, yearMonth } from './dates.js';
import { OPTION_UNIT_PRICE, TAX_RATE } from './inferred-products.js';
import { optionPlusRunsOn } from './option-plus.js';
import { unitPrice } from './products.js';
import type { CustomerUsageRow, InvoiceDetailRecord, OptionUsageRow, SimulatorState } from './state.js';

type UsagePlan = 'TRIAL' | 'MONTHLY' | 'ANNUAL_LICENSE' | 'ANNUAL_PREPAY_LICENSE';

/** Usage rows carry the option contract-type enum; map the richer subscription plans onto it. */
function usagePlan(plan: string): UsagePlan {
  if (plan.startsWith('ANNUAL_PREPAY')) return 'ANNUAL_PREPAY_LICENSE';
  if (plan.startsWith('ANNUAL')) return 'ANNUAL_LICENSE';
  if (plan.startsWith('MONTHLY')) return 'MONTHLY';
  return 'TRIAL';
}

export function snapshot(state: SimulatorState, day: string): void {
  for (const customer of state.customers.values()) {
    const usage = state.usage.get(customer.domainId);
    if (usage && optionPlusRunsOn(usage, day)) state.optionPlusRows.push({ domainId: customer.domainId, usedDate: day });
    for (const sub of state.subscriptionsOf(customer.domainId)) {
      const row: CustomerUsageRow = {
        domainId: customer.domainId,
        productGroupId: groupOf(sub.productId)?.id ?? 'WORKS',
        usedDate: day,
        productId: sub.productId,
        plan: usagePlan(sub.plan),
        licenseCount: sub.licenseCount ?? 0,
        memberCount: usage?.memberCount ?? 0,
        status: usage?.status ?? 'ACTIVE',
      };
      if (usage?.maxMemberCount !== null && usage?.maxMemberCount !== undefined) row.maxMemberCount = usage.maxMemberCount;
      state.usageRows.push(row);
    }
    for (const option of state.optionsOf(customer.domainId)) {
      const row: OptionUsageRow = {
        domainId: customer.domainId,
        productGroupId: OPTIONS[option.optionProductId]?.productGroupId ?? 'WORKS',
        optionProductId: option.optionProductId,
        subOptionId: option.subOptionId,
        usedDate: day,
        plan: option.plan,
        memberCount: usage?.memberCount ?? 0,
        licenseCount: null,
        quantity: option.quantity,
        usageCount: null,
      };
      state.optionUsageRows.push(row);
    }
  }
}

/** A settlement line while it is being built (the schema marks the fields read-only). */
interface LineItem {
  itemType: 'PRODUCT' | 'OPTION_PRODUCT' | 'OPTION_PLUS' | 'SUMMARY' | 'PENALTY';
  itemId?: string;
  subItemId?: string;
  plan?: string;
  licenseCount?: number;
  memberCount?: number;
  quantity?: number | null;
  status?: string;
  startDate: string;
  endDate: string;
  /** Not in the documented fields (amounts were cut off in the docs); the simulator adds the line amount. */
  amount: number;
}

interface Line {
  key: string;
  item: LineItem;
}

/** Builds the invoice for the month before `day` (a 1st) from that month's snapshots. */
export function issueInvoice(state: SimulatorState, day: string, issuedTime: string): void {
  const previous = addDays(day, -1);
  const { year, month } = yearMonth(previous);
  const prefix = previous.slice(0, 7);
  const days = daysInMonth(year, month);
  const details: InvoiceDetailRecord[] = [];
  let used = 0;
  let penalty = 0;
  let optionPlus = 0;
  const domainIds = new Set([
    ...state.optionPlusRows.filter((r) => r.usedDate.startsWith(prefix)).map((r) => r.domainId),
    ...state.usageRows.filter((r) => r.usedDate.startsWith(prefix)).map((r) => r.domainId),
    ...state.penalties.filter((p) => p.date.startsWith(prefix)).map((p) => p.domainId),
  ]);
  for (const domainId of [...domainIds].sort((a, b) => a - b)) {
    const lines: Line[] = [];
    // A new line starts whenever product, plan, license count or user count changes.
    const extend = (key: string, date: string, make: () => Omit<LineItem, 'startDate' | 'endDate' | 'amount'>, amount: number) => {
      const last = lines.at(-1);
      if (last && last.key === key && last.item.endDate === addDays(date, -1)) {
        last.item.endDate = date;
        last.item.amount += amount;
      } else lines.push({ key, item: { ...make(), startDate: date, endDate: date, amount } });
    };
    for (const row of state.usageRows.filter((r) => r.domainId === domainId && r.usedDate.startsWith(prefix))) {
      const count = isLicensePlan(row.plan) ? (row.licenseCount ?? 0) : (row.memberCount ?? 0);
      extend(`P:${row.productId}:${row.plan}:${row.licenseCount}:${row.memberCount}`, row.usedDate, () => ({
        itemType: 'PRODUCT',
        itemId: row.productId,
        plan: row.plan,
        licenseCount: row.licenseCount ?? 0,
        memberCount: row.memberCount ?? 0,
        quantity: null,
        status: row.status,
      }), (unitPrice(row.productId, row.plan) * count) / days);
    }
    for (const row of state.optionUsageRows.filter((r) => r.domainId === domainId && r.usedDate.startsWith(prefix))) {
      const price = row.plan === 'TRIAL' ? 0 : OPTION_UNIT_PRICE * (row.quantity ?? 1);
      extend(`O:${row.optionProductId}:${row.subOptionId}:${row.plan}:${row.quantity}`, row.usedDate, () => ({
        itemType: 'OPTION_PRODUCT',
        itemId: row.optionProductId,
        subItemId: row.subOptionId,
        plan: row.plan,
        memberCount: row.memberCount ?? 0,
        quantity: row.quantity ?? null,
      }), price / days);
    }
    const items: LineItem[] = lines.map((l) => ({ ...l.item, amount: Math.round(l.item.amount) }));
    const sum = items.reduce((total, item) => total + item.amount, 0);
    items.push({ itemType: 'SUMMARY', startDate: `${prefix}-01`, endDate: previous, amount: sum });
    // Option Plus is billed apart from usage (invoice optionPlusAmount; the SUMMARY line does not include it).
    const optionPlusDays = state.optionPlusRows.filter((r) => r.domainId === domainId && r.usedDate.startsWith(prefix)).map((r) => r.usedDate);
    if (optionPlusDays.length > 0) {
      const amount = Math.round((state.choices.optionPlusMonthlyAmount * optionPlusDays.length) / days);
      items.push({ itemType: 'OPTION_PLUS', startDate: optionPlusDays[0]!, endDate: optionPlusDays.at(-1)!, amount });
      optionPlus += amount;
    }
    for (const p of state.penalties.filter((x) => x.domainId === domainId && x.date.startsWith(prefix))) {
      items.push({ itemType: 'PENALTY', itemId: p.itemId, startDate: p.date, endDate: p.date, amount: p.amount });
      penalty += p.amount;
    }
    used += sum;
    // A tenant removed during the month keeps its domain and name on its last invoice.
    const customer = state.customers.get(domainId);
    const former = state.formerCustomers.get(domainId);
    const customerCode = customer ? (customer.partnership as { customerCode?: string } | undefined)?.customerCode : former?.customerCode;
    details.push({
      domainId,
      domain: customer?.domain ?? former?.domain ?? '',
      customerName: customer?.companyName ?? former?.companyName ?? '',
      ...(customerCode ? { customerCode } : {}),
      settlementItems: items as InvoiceDetailRecord['settlementItems'],
    });
  }
  state.invoiceDetails.set(prefix, details);
  const usedTax = Math.round((used * TAX_RATE) / 100);
  const optionPlusTax = Math.round((optionPlus * TAX_RATE) / 100);
  state.invoices.push({
    invoiceNo: state.nextInvoiceNo(),
    invoiceYear: year,
    invoiceMonth: month,
    partnerName: 'Simulated partner',
    usedAmount: used,
    optionPlusAmount: optionPlus,
    taxRate: TAX_RATE,
    usedTaxAmount: usedTax,
    optionPlusTaxAmount: optionPlusTax,
    penaltyAmount: penalty,
    totalAmount: used + usedTax + optionPlus + optionPlusTax + penalty,
    paymentStatus: used + optionPlus + penalty === 0 ? 'NONE' : 'UNPAID',
    issuedTime,
  });
}
