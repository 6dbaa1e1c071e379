// Report activities: monthly usages and invoices, and the daily drift check against the CRM's last-known state.
// Each writes CSV and JSON files to REPORTS_DIR and, when a CRM callback is configured, sends the JSON report to it
// (from here, so report rows never enter workflow history; the workflow gets a summary). Operations without a typed
// client method yet are called through client.call(operationId, …).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PartnerApiClient } from '../partner-api/client.js';
import { PartnerNotFoundError } from '../partner-api/errors.js';
import type { components } from '../partner-api/types.js';
import { CrmStateStore, type CrmCustomerState, type CrmStateStorage } from '../crm/crm-state.js';
import { recordHeartbeat } from './heartbeat.js';
import { activitySignal, partnerCall } from './failures.js';
import { crmCallbackFailure, postSignedEnvelope } from './notify.js';
import type { NotifyConfig, ReportConfig } from '../config/triggers.js';

type Schemas = components['schemas'];
type Customer = Schemas['Customer'];
type Subscription = Schemas['Subscription'];

export interface ReportActivityDeps {
  client: PartnerApiClient;
  reports?: ReportConfig;
  notify?: NotifyConfig;
  /** Where the CRM's last-known state is read (the worker passes the Temporal-kept one); default: reports.crmStateFile. */
  crmState?: Pick<CrmStateStorage, 'readAll' | 'readDomains'>;
}

export interface ReportPeriod {
  year: number;
  month: number;
}

export interface ReportSummary {
  kind: string;
  /** Files written, relative to the reports directory. */
  files: string[];
  rowCount: number;
  /** Usage report: the option usage rows (option-usages-YYYY-MM), beside `rowCount` for the product usages. */
  optionRowCount?: number;
  deliveredToCrm: boolean;
  /** Why the report is empty or partial, when it is (e.g. no invoice issued yet). */
  note?: string;
}

export interface DriftDifference {
  domain: string;
  kind: 'MISSING_AT_PARTNER' | 'UNKNOWN_TO_CRM' | 'FIELD' | 'SUBSCRIPTION';
  field?: string;
  productId?: string;
  crm?: unknown;
  partner?: unknown;
}

export interface DriftSummary extends ReportSummary {
  date: string;
  customersChecked: number;
  crmCustomers: number;
  differenceCount: number;
}

export function period2(period: ReportPeriod): string {
  return `${period.year}-${String(period.month).padStart(2, '0')}`;
}

function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * RFC 4180 CSV with a header row: the documented columns first, in order, then any further fields the rows carry
 * (the docs cut off some schemas, e.g. settlement amounts; the API may send them, and they must not be lost).
 */
export function toCsv(columns: readonly string[], rows: ReadonlyArray<Record<string, unknown>>): string {
  const extra = [...new Set(rows.flatMap((row) => Object.keys(row)))].filter((key) => !columns.includes(key));
  const all = [...columns, ...extra];
  return [all.join(','), ...rows.map((row) => all.map((c) => csvCell(row[c])).join(','))].join('\r\n') + '\r\n';
}

/** Progress for the Web UI and heartbeat timeout; a no-op outside an activity (unit calls). */
function heartbeat(details: unknown): void {
  recordHeartbeat(details);
}

/** Sends a report to the CRM under a stable ID (one per report and period), so a retried activity is one report there. */
export async function deliverReport(notify: NotifyConfig | undefined, id: string, type: string, data: Record<string, unknown>): Promise<boolean> {
  if (!notify) return false;
  try {
    await postSignedEnvelope(notify, { specVersion: '1', id, type, occurredAt: new Date().toISOString(), data }, activitySignal());
  } catch (err) {
    throw crmCallbackFailure(err);
  }
  return true;
}

export async function listAllCustomers(client: PartnerApiClient, signal?: AbortSignal): Promise<Customer[]> {
  const customers: Customer[] = [];
  let cursor: string | undefined;
  // Bounded: 10 000 pages of 30 is far beyond any partner; a cursor that never ends is a server bug, not a loop.
  for (let page = 0; page < 10_000; page++) {
    const list = await client.listCustomers({ count: 30, ...(cursor ? { cursor } : {}) }, { signal });
    customers.push(...(list.customers ?? []));
    cursor = list.responseMetaData?.nextCursor ?? undefined;
    if (!cursor) return customers;
  }
  throw new Error('listCustomers: more than 10000 pages; giving up');
}

export const USAGE_COLUMNS = ['domainId', 'domain', 'usedDate', 'productGroupId', 'productId', 'plan', 'licenseCount', 'memberCount', 'maxMemberCount', 'status'] as const;
export const OPTION_USAGE_COLUMNS = ['domainId', 'domain', 'usedDate', 'productGroupId', 'optionProductId', 'subOptionId', 'plan', 'memberCount', 'licenseCount', 'quantity', 'usageCount'] as const;
export const INVOICE_COLUMNS = ['invoiceNo', 'invoiceYear', 'invoiceMonth', 'partnerName', 'usedAmount', 'optionPlusAmount', 'taxRate', 'usedTaxAmount', 'optionPlusTaxAmount', 'penaltyAmount', 'totalAmount', 'paymentStatus', 'issuedTime', 'paidTime'] as const;
export const DETAIL_COLUMNS = ['domainId', 'domain', 'customerName', 'customerCode', 'subscriptionId', 'itemType', 'itemId', 'subItemId', 'plan', 'startDate', 'endDate', 'licenseCount', 'memberCount', 'quantity', 'status'] as const;
export const DRIFT_COLUMNS = ['domain', 'kind', 'field', 'productId', 'crm', 'partner'] as const;

export function createReportActivities({ client, reports = {}, notify, crmState = new CrmStateStore(reports.crmStateFile ?? path.join('.data', 'crm-state.json')) }: ReportActivityDeps) {
  const dir = reports.dir ?? path.join('.data', 'reports');

  /** Writes `<base>.csv` and `<base>.json` per table; returns the file names. */
  async function writeTables(base: string, meta: Record<string, unknown>, tables: Array<{ name: string; columns: readonly string[]; rows: Array<Record<string, unknown>> }>): Promise<string[]> {
    await mkdir(dir, { recursive: true });
    const files: string[] = [];
    for (const table of tables) {
      const stem = `${table.name}-${base}`;
      await writeFile(path.join(dir, `${stem}.csv`), toCsv(table.columns, table.rows));
      await writeFile(path.join(dir, `${stem}.json`), JSON.stringify({ ...meta, rows: table.rows }, null, 2));
      files.push(`${stem}.csv`, `${stem}.json`);
    }
    return files;
  }

  const deliver = (id: string, type: string, data: Record<string, unknown>) => deliverReport(notify, id, type, data);

  return {
    /**
     * Daily usages of every customer for one month (getCustomerUsages) as usages-YYYY-MM.csv/json, and the daily
     * option usages (listOptionProductUsages: metered options, storage, quotas) as option-usages-YYYY-MM.csv/json.
     */
    async writeUsageReport(period: ReportPeriod): Promise<ReportSummary> {
      const { rows, optionRows } = await partnerCall(async (signal) => {
        const customers = await listAllCustomers(client, signal);
        const all: Array<Record<string, unknown>> = [];
        const options: Array<Record<string, unknown>> = [];
        const query = { year: period.year, month: period.month };
        for (const [index, customer] of customers.entries()) {
          heartbeat({ customer: index + 1, of: customers.length });
          const path = { domainId: customer.domainId };
          const { body } = await client.call<Schemas['CustomerUsageList']>('getCustomerUsages', { path, query, signal });
          for (const usage of body?.usages ?? []) all.push({ domainId: customer.domainId, domain: customer.domain, ...usage });
          const { body: optionBody } = await client.call<Schemas['OptionProductUsageList']>('listOptionProductUsages', { path, query, signal });
          for (const usage of optionBody?.optionProductUsages ?? []) options.push({ domainId: customer.domainId, domain: customer.domain, ...usage });
        }
        return { rows: all, optionRows: options };
      });
      const meta = { kind: 'usages', period, generatedAt: new Date().toISOString() };
      const files = await writeTables(period2(period), meta, [
        { name: 'usages', columns: USAGE_COLUMNS, rows },
        { name: 'option-usages', columns: OPTION_USAGE_COLUMNS, rows: optionRows },
      ]);
      const deliveredToCrm = await deliver(`report/usages/${period2(period)}`, 'report.usages', { ...meta, rows, optionUsages: optionRows });
      return { kind: 'usages', files, rowCount: rows.length, optionRowCount: optionRows.length, deliveredToCrm };
    },

    /** The month's invoice (listInvoices) and its per-customer lines (listInvoiceDetails, all cursor pages), flattened. */
    async writeInvoiceReport(period: ReportPeriod): Promise<ReportSummary> {
      const { invoices, details, issued } = await partnerCall(async (signal) => {
        const { body } = await client.call<Schemas['InvoiceList']>('listInvoices', { query: { year: period.year }, signal });
        const invoices = (body?.invoices ?? []).filter((i) => i.invoiceMonth === period.month) as Array<Record<string, unknown>>;
        const details: Array<Record<string, unknown>> = [];
        let cursor: string | undefined;
        for (let page = 0; page < 10_000; page++) {
          heartbeat({ invoiceDetailPage: page + 1 });
          let list: Schemas['InvoiceDetailList'] | undefined;
          try {
            ({ body: list } = await client.call<Schemas['InvoiceDetailList']>('listInvoiceDetails', {
              query: { year: period.year, month: period.month, count: 20, cursor },
              signal,
            }));
          } catch (err) {
            // 404 on the first page: no invoice for that month has been issued yet (it appears on the 1st). Report empty.
            if (err instanceof PartnerNotFoundError && page === 0) return { invoices, details, issued: false };
            throw err;
          }
          for (const detail of list?.invoiceDetails ?? []) {
            const { settlementItems, ...customer } = detail;
            for (const item of settlementItems ?? []) details.push({ ...customer, ...item });
          }
          cursor = list?.responseMetaData?.nextCursor ?? undefined;
          if (!cursor) return { invoices, details, issued: true };
        }
        throw new Error('listInvoiceDetails: more than 10000 pages; giving up');
      });
      const meta = { kind: 'invoices', period, issued, generatedAt: new Date().toISOString() };
      const files = await writeTables(period2(period), meta, [
        { name: 'invoices', columns: INVOICE_COLUMNS, rows: invoices },
        { name: 'invoice-details', columns: DETAIL_COLUMNS, rows: details },
      ]);
      const deliveredToCrm = await deliver(`report/invoices/${period2(period)}`, 'report.invoices', { ...meta, invoices, details });
      return { kind: 'invoices', files, rowCount: invoices.length + details.length, deliveredToCrm, ...(issued ? {} : { note: `no invoice issued for ${period2(period)} yet` }) };
    },

    /** Compares every customer and its subscriptions with the CRM's last-known state; writes drift-YYYY-MM-DD.csv/json. */
    async runDriftCheck(): Promise<DriftSummary> {
      const crm = await crmState.readAll();
      const partner = await partnerCall(async (signal) => {
        const customers = await listAllCustomers(client, signal);
        const withSubscriptions: Array<{ customer: Customer; subscriptions: Subscription[] }> = [];
        for (const [index, customer] of customers.entries()) {
          heartbeat({ customer: index + 1, of: customers.length });
          const { body } = await client.call<Schemas['SubscriptionList']>('listSubscriptions', { path: { domainId: customer.domainId }, signal });
          withSubscriptions.push({ customer, subscriptions: body?.subscriptions ?? [] });
        }
        return withSubscriptions;
      });
      const differences = compareWithCrm(
        Object.values(crm).map((r) => r.state),
        partner,
      );
      const date = new Date().toISOString().slice(0, 10);
      const meta = { kind: 'drift', date, generatedAt: new Date().toISOString() };
      const rows = differences as unknown as Array<Record<string, unknown>>;
      const files = await writeTables(date, meta, [{ name: 'drift', columns: DRIFT_COLUMNS, rows }]);
      const deliveredToCrm = await deliver(`report/drift/${date}`, 'report.drift', { ...meta, differences });
      return { kind: 'drift', date, files, rowCount: rows.length, deliveredToCrm, customersChecked: partner.length, crmCustomers: Object.keys(crm).length, differenceCount: differences.length };
    },
  };
}

/** Differences between the CRM's view and the Partner API's. Fields the CRM did not send are not compared. */
export function compareWithCrm(crm: CrmCustomerState[], partner: Array<{ customer: Customer; subscriptions: Subscription[] }>): DriftDifference[] {
  const differences: DriftDifference[] = [];
  const partnerByDomain = new Map(partner.map((p) => [p.customer.domain, p]));
  const crmDomains = new Set(crm.map((c) => c.domain));
  for (const expected of crm) {
    const actual = partnerByDomain.get(expected.domain);
    if (!actual) {
      differences.push({ domain: expected.domain, kind: 'MISSING_AT_PARTNER' });
      continue;
    }
    for (const field of ['companyName', 'phoneNumber'] as const) {
      if (expected[field] !== undefined && expected[field] !== actual.customer[field]) {
        differences.push({ domain: expected.domain, kind: 'FIELD', field, crm: expected[field], partner: actual.customer[field] });
      }
    }
    if (expected.subscriptions === undefined) continue;
    const byProduct = new Map(actual.subscriptions.map((s) => [String(s.productId), s]));
    const expectedProducts = new Set(expected.subscriptions.map((s) => s.productId));
    for (const sub of expected.subscriptions) {
      const got = byProduct.get(sub.productId);
      if (!got) {
        differences.push({ domain: expected.domain, kind: 'SUBSCRIPTION', productId: sub.productId, field: 'present', crm: true, partner: false });
        continue;
      }
      if (sub.plan !== undefined && sub.plan !== got.plan) {
        differences.push({ domain: expected.domain, kind: 'SUBSCRIPTION', productId: sub.productId, field: 'plan', crm: sub.plan, partner: got.plan });
      }
      if (sub.licenseCount !== undefined && (sub.licenseCount ?? null) !== (got.licenseCount ?? null)) {
        differences.push({ domain: expected.domain, kind: 'SUBSCRIPTION', productId: sub.productId, field: 'licenseCount', crm: sub.licenseCount, partner: got.licenseCount ?? null });
      }
    }
    for (const [productId] of byProduct) {
      if (!expectedProducts.has(productId)) differences.push({ domain: expected.domain, kind: 'SUBSCRIPTION', productId, field: 'present', crm: false, partner: true });
    }
  }
  // Customers the CRM never described: reported only once the CRM has sent any state, else every customer would be "drift".
  if (crm.length > 0) {
    for (const p of partner) if (!crmDomains.has(p.customer.domain)) differences.push({ domain: p.customer.domain, kind: 'UNKNOWN_TO_CRM' });
  }
  return differences;
}
