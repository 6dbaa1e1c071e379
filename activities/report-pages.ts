// The monthly usage and invoice reports in pages, for partners with thousands of customers: each activity reads one
// page (30 customers and their usages; 20 customers' invoice lines) and writes that page's rows to a part file; the
// workflow keeps the cursor in its history, so a worker that dies between pages costs nothing and one that dies
// mid-page costs that page only. The last activity joins the parts into the report files a page at a time (memory
// bounded by a page, except the CRM delivery, whose one message carries every row as before).
import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PartnerApiClient } from '../partner-api/client.js';
import type { components } from '../partner-api/types.js';
import type { NotifyConfig, ReportConfig } from '../config/triggers.js';
import { partnerCall } from './failures.js';
import { CrmStateStore, type CrmStateStorage } from '../crm/crm-state.js';
import { PartnerNotFoundError } from '../partner-api/errors.js';
import { compareWithCrm, deliverReport, DETAIL_COLUMNS, DRIFT_COLUMNS, INVOICE_COLUMNS, OPTION_USAGE_COLUMNS, period2, toCsv, USAGE_COLUMNS, type DriftDifference, type DriftSummary, type ReportPeriod, type ReportSummary } from './reports.js';

type Schemas = components['schemas'];
type Row = Record<string, unknown>;

/** Customers per page (listCustomers' page size): 60 calls per page, well inside one attempt at the API's limit. */
export const REPORT_PAGE_SIZE = 30;

export interface UsagePageResult {
  /** The next page's cursor; absent after the last page. */
  nextCursor?: string;
  customers: number;
  rows: number;
  optionRows: number;
}

interface PartFile {
  rows: Row[];
  optionRows: Row[];
}

export interface DriftPageResult {
  nextCursor?: string;
  customers: number;
  differences: number;
}

interface DriftPart {
  domains: string[];
  differences: DriftDifference[];
}

/** Invoice lines per page (listInvoiceDetails' largest page). */
export const INVOICE_PAGE_SIZE = 20;

export interface InvoicePageResult {
  nextCursor?: string;
  /** False when the month has no invoice yet (404 on the first page). */
  issued: boolean;
  invoices: number;
  details: number;
}

interface InvoicePart {
  invoices: Row[];
  details: Row[];
}

/** One output table of a paged report: its file name stem, documented columns, and its rows in a part. */
interface PartTable<Part> {
  name: string;
  columns: readonly string[];
  pick: (part: Part) => Row[];
}

/** Every part, for the CRM's one message (the one place a whole report is held). */
async function readAllParts<Part>(pages: number, readPart: (page: number) => Promise<Part>): Promise<Part[]> {
  const all: Part[] = [];
  for (let page = 0; page < pages; page++) all.push(await readPart(page));
  return all;
}

/**
 * Joins parts 0..pages-1 into `<name>-YYYY-MM.csv` and `.json` per table, a part at a time (memory bounded by a
 * page): a first pass finds every column any row carries (toCsv keeps fields the docs do not list), so each page's
 * CSV lines line up under one header. Returns the file names and each table's row count.
 */
async function joinPartTables<Part>(
  dir: string,
  period: ReportPeriod,
  meta: Record<string, unknown>,
  pages: number,
  readPart: (page: number) => Promise<Part>,
  tables: Array<PartTable<Part>>,
): Promise<{ files: string[]; counts: number[] }> {
  const extra = tables.map(() => new Set<string>());
  for (let page = 0; page < pages; page++) {
    const part = await readPart(page);
    tables.forEach((t, i) => t.pick(part).forEach((row) => Object.keys(row).forEach((k) => !t.columns.includes(k) && extra[i]!.add(k))));
  }
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  const counts: number[] = [];
  for (const [i, t] of tables.entries()) {
    const columns = [...t.columns, ...extra[i]!];
    const csvPath = path.join(dir, `${t.name}-${period2(period)}.csv`);
    const jsonPath = path.join(dir, `${t.name}-${period2(period)}.json`);
    await writeFile(csvPath, `${columns.join(',')}\r\n`);
    await writeFile(jsonPath, `${JSON.stringify(meta).slice(0, -1)},"rows":[`);
    let count = 0;
    for (let page = 0; page < pages; page++) {
      const rows = t.pick(await readPart(page));
      if (rows.length === 0) continue;
      // toCsv with every column given: its header is exactly the line written above; the rows follow it.
      await appendFile(csvPath, toCsv(columns, rows).slice(columns.join(',').length + 2));
      await appendFile(jsonPath, `${count > 0 ? ',' : ''}${rows.map((r) => JSON.stringify(r)).join(',')}`);
      count += rows.length;
    }
    await appendFile(jsonPath, ']}');
    files.push(path.basename(csvPath), path.basename(jsonPath));
    counts.push(count);
  }
  return { files, counts };
}

export function createReportPageActivities({
  client,
  reports = {},
  notify,
  crmState = new CrmStateStore(reports.crmStateFile ?? path.join('.data', 'crm-state.json')),
}: {
  client: PartnerApiClient;
  reports?: ReportConfig;
  notify?: NotifyConfig;
  crmState?: Pick<CrmStateStorage, 'readAll' | 'readDomains'>;
}) {
  const dir = reports.dir ?? path.join('.data', 'reports');
  const partsDir = (period: ReportPeriod) => path.join(dir, `usages-${period2(period)}.parts`);
  const partFile = (period: ReportPeriod, page: number) => path.join(partsDir(period), `${String(page).padStart(5, '0')}.json`);

  const invoiceParts = (period: ReportPeriod) => path.join(dir, `invoices-${period2(period)}.parts`);
  const invoicePart = (period: ReportPeriod, page: number) => path.join(invoiceParts(period), `${String(page).padStart(5, '0')}.json`);
  /**
   * The last step of a paged report: the parts joined into the report files, the whole report sent to the CRM (as
   * `type`, each table under its `crmField`, the ID `report/<kind>/YYYY-MM`), the parts removed.
   */
  async function finishPaged<Part>(
    parts: string,
    partPath: (page: number) => string,
    period: ReportPeriod,
    meta: { kind: string } & Record<string, unknown>,
    pages: number,
    type: string,
    tables: Array<PartTable<Part> & { crmField: string }>,
  ): Promise<{ files: string[]; counts: number[]; deliveredToCrm: boolean }> {
    const readPart = async (page: number) => JSON.parse(await readFile(partPath(page), 'utf8')) as Part;
    const { files, counts } = await joinPartTables(dir, period, meta, pages, readPart, tables);
    let deliveredToCrm = false;
    if (notify) {
      const all = await readAllParts(pages, readPart);
      const data = Object.fromEntries(tables.map((t) => [t.crmField, all.flatMap(t.pick)]));
      deliveredToCrm = await deliverReport(notify, `report/${meta.kind}/${period2(period)}`, type, { ...meta, ...data });
    }
    await rm(parts, { recursive: true, force: true });
    return { files, counts, deliveredToCrm };
  }

  const driftParts = (date: string) => path.join(dir, `drift-${date}.parts`);
  const driftPart = (date: string, page: number) => path.join(driftParts(date), `${String(page).padStart(5, '0')}.json`);

  return {
    /**
     * Page `page` of the drift check of `date`: these customers' subscriptions compared with the CRM's last-known
     * state of the same domains; the page's domains are kept so the last step can name CRM customers no page had.
     */
    async driftCheckPage(date: string, page: number, cursor?: string): Promise<DriftPageResult> {
      const { partner, nextCursor } = await partnerCall(async (signal) => {
        const list = await client.listCustomers({ count: REPORT_PAGE_SIZE, ...(cursor ? { cursor } : {}) }, { signal });
        const partner: Parameters<typeof compareWithCrm>[1] = [];
        for (const customer of list.customers ?? []) {
          const { body } = await client.call<Schemas['SubscriptionList']>('listSubscriptions', { path: { domainId: customer.domainId }, signal });
          partner.push({ customer, subscriptions: body?.subscriptions ?? [] });
        }
        return { partner, nextCursor: list.responseMetaData?.nextCursor ?? undefined };
      });
      const domains = new Set(partner.map((p) => p.customer.domain));
      // The CRM states of this page's domains only (read as such, not the whole state): a CRM customer no page has is
      // MISSING_AT_PARTNER, decided at the end.
      const { records, total } = await crmState.readDomains([...domains]);
      const differences = compareWithCrm(Object.values(records).map((r) => r.state), partner).filter((d) => d.kind !== 'UNKNOWN_TO_CRM');
      // Unknown to the CRM: reported only once the CRM has sent any state.
      if (total > 0) for (const domain of domains) if (!records[domain]) differences.push({ domain, kind: 'UNKNOWN_TO_CRM' });
      await mkdir(driftParts(date), { recursive: true });
      await writeFile(driftPart(date, page), JSON.stringify({ domains: [...domains], differences } satisfies DriftPart));
      return { ...(nextCursor ? { nextCursor } : {}), customers: partner.length, differences: differences.length };
    },

    /** Joins the drift pages, adds the CRM customers no page had (MISSING_AT_PARTNER), writes drift-<date>.csv/json, sends them. */
    async finishDriftCheck(date: string, pages: number): Promise<DriftSummary> {
      const crm = Object.values(await crmState.readAll()).map((r) => r.state);
      const seen = new Set<string>();
      const differences: DriftDifference[] = [];
      for (let page = 0; page < pages; page++) {
        const part = JSON.parse(await readFile(driftPart(date, page), 'utf8')) as DriftPart;
        part.domains.forEach((d) => seen.add(d));
        differences.push(...part.differences);
      }
      for (const c of crm) if (!seen.has(c.domain)) differences.push({ domain: c.domain, kind: 'MISSING_AT_PARTNER' });
      const meta = { kind: 'drift', date, generatedAt: new Date().toISOString() };
      const rows = differences as unknown as Row[];
      await writeFile(path.join(dir, `drift-${date}.csv`), toCsv(DRIFT_COLUMNS, rows));
      await writeFile(path.join(dir, `drift-${date}.json`), JSON.stringify({ ...meta, rows }, null, 2));
      const deliveredToCrm = await deliverReport(notify, `report/drift/${date}`, 'report.drift', { ...meta, differences });
      await rm(driftParts(date), { recursive: true, force: true });
      return { kind: 'drift', date, files: [`drift-${date}.csv`, `drift-${date}.json`], rowCount: rows.length, deliveredToCrm, customersChecked: seen.size, crmCustomers: crm.length, differenceCount: differences.length };
    },

    /** Page `page` (from `cursor`) of the month's usages: read and written to its part file (a retry writes it again whole). */
    async usageReportPage(period: ReportPeriod, page: number, cursor?: string): Promise<UsagePageResult> {
      const { part, customers, nextCursor } = await partnerCall(async (signal) => {
        const list = await client.listCustomers({ count: REPORT_PAGE_SIZE, ...(cursor ? { cursor } : {}) }, { signal });
        const part: PartFile = { rows: [], optionRows: [] };
        const query = { year: period.year, month: period.month };
        for (const customer of list.customers ?? []) {
          const at = { domainId: customer.domainId };
          const { body } = await client.call<Schemas['CustomerUsageList']>('getCustomerUsages', { path: at, query, signal });
          for (const usage of body?.usages ?? []) part.rows.push({ domainId: customer.domainId, domain: customer.domain, ...usage });
          const { body: options } = await client.call<Schemas['OptionProductUsageList']>('listOptionProductUsages', { path: at, query, signal });
          for (const usage of options?.optionProductUsages ?? []) part.optionRows.push({ domainId: customer.domainId, domain: customer.domain, ...usage });
        }
        return { part, customers: list.customers?.length ?? 0, nextCursor: list.responseMetaData?.nextCursor ?? undefined };
      });
      await mkdir(partsDir(period), { recursive: true });
      await writeFile(partFile(period, page), JSON.stringify(part));
      return { ...(nextCursor ? { nextCursor } : {}), customers, rows: part.rows.length, optionRows: part.optionRows.length };
    },

    /** Joins pages 0..pages-1 into usages-YYYY-MM and option-usages-YYYY-MM (.csv, .json), sends them to the CRM, removes the parts. */
    async finishUsageReport(period: ReportPeriod, pages: number): Promise<ReportSummary> {
      const meta = { kind: 'usages', period, generatedAt: new Date().toISOString() };
      const { files, counts, deliveredToCrm } = await finishPaged<PartFile>(partsDir(period), (page) => partFile(period, page), period, meta, pages, 'report.usages', [
        { name: 'usages', columns: USAGE_COLUMNS, pick: (p) => p.rows, crmField: 'rows' },
        { name: 'option-usages', columns: OPTION_USAGE_COLUMNS, pick: (p) => p.optionRows, crmField: 'optionUsages' },
      ]);
      return { kind: 'usages', files, rowCount: counts[0]!, optionRowCount: counts[1]!, deliveredToCrm };
    },

    /**
     * Page `page` (from `cursor`) of the month's invoice lines (listInvoiceDetails, 20 customers), written to its part
     * file; the first page also holds the month's invoices (listInvoices). A 404 on the first page: no invoice issued
     * for the month yet (it appears on the 1st), an empty report. A retry writes the page again, whole.
     */
    async invoiceReportPage(period: ReportPeriod, page: number, cursor?: string): Promise<InvoicePageResult> {
      const { part, issued, nextCursor } = await partnerCall(async (signal) => {
        const part: InvoicePart = { invoices: [], details: [] };
        if (page === 0) {
          const { body } = await client.call<Schemas['InvoiceList']>('listInvoices', { query: { year: period.year }, signal });
          part.invoices = (body?.invoices ?? []).filter((i) => i.invoiceMonth === period.month) as Row[];
        }
        let list: Schemas['InvoiceDetailList'] | undefined;
        try {
          ({ body: list } = await client.call<Schemas['InvoiceDetailList']>('listInvoiceDetails', { query: { year: period.year, month: period.month, count: INVOICE_PAGE_SIZE, cursor }, signal }));
        } catch (err) {
          if (err instanceof PartnerNotFoundError && page === 0) return { part, issued: false, nextCursor: undefined };
          throw err;
        }
        for (const detail of list?.invoiceDetails ?? []) {
          const { settlementItems, ...customer } = detail;
          for (const item of settlementItems ?? []) part.details.push({ ...customer, ...item });
        }
        return { part, issued: true, nextCursor: list?.responseMetaData?.nextCursor ?? undefined };
      });
      await mkdir(invoiceParts(period), { recursive: true });
      await writeFile(invoicePart(period, page), JSON.stringify(part));
      return { ...(nextCursor ? { nextCursor } : {}), issued, invoices: part.invoices.length, details: part.details.length };
    },

    /** Joins invoice pages 0..pages-1 into invoices-YYYY-MM and invoice-details-YYYY-MM (.csv, .json), sends them to the CRM, removes the parts. */
    async finishInvoiceReport(period: ReportPeriod, pages: number, issued: boolean): Promise<ReportSummary> {
      const meta = { kind: 'invoices', period, issued, generatedAt: new Date().toISOString() };
      const { files, counts, deliveredToCrm } = await finishPaged<InvoicePart>(invoiceParts(period), (page) => invoicePart(period, page), period, meta, pages, 'report.invoices', [
        { name: 'invoices', columns: INVOICE_COLUMNS, pick: (p) => p.invoices, crmField: 'invoices' },
        { name: 'invoice-details', columns: DETAIL_COLUMNS, pick: (p) => p.details, crmField: 'details' },
      ]);
      return { kind: 'invoices', files, rowCount: counts[0]! + counts[1]!, deliveredToCrm, ...(issued ? {} : { note: `no invoice issued for ${period2(period)} yet` }) };
    },
  };
}
