// The monthly usage report in pages, for partners with thousands of customers: each activity reads one page of
// customers (listCustomers, 30) and their usages, and writes that page's rows to a part file; the workflow keeps the
// cursor in its history, so a worker that dies between pages costs nothing and one that dies mid-page costs that
// page only. The last activity joins the parts into the report files a page at a time (memory bounded by a page,
// except the CRM delivery, whose one message carries every row as before).
import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PartnerApiClient } from '../partner-api/client.js';
import type { components } from '../partner-api/types.js';
import type { NotifyConfig, ReportConfig } from '../config/triggers.js';
import { partnerCall } from './failures.js';
import { CrmStateStore, type CrmStateStorage } from '../crm/crm-state.js';
import { compareWithCrm, deliverReport, DRIFT_COLUMNS, OPTION_USAGE_COLUMNS, period2, toCsv, USAGE_COLUMNS, type DriftDifference, type DriftSummary, type ReportPeriod, type ReportSummary } from './reports.js';

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
      const readPart = async (page: number) => JSON.parse(await readFile(partFile(period, page), 'utf8')) as PartFile;
      const meta = { kind: 'usages', period, generatedAt: new Date().toISOString() };
      const tables = [
        { name: 'usages', columns: USAGE_COLUMNS as readonly string[], pick: (p: PartFile) => p.rows, count: 0 },
        { name: 'option-usages', columns: OPTION_USAGE_COLUMNS as readonly string[], pick: (p: PartFile) => p.optionRows, count: 0 },
      ];
      // First pass: every column any row carries (toCsv keeps fields the docs do not list), so each page's CSV lines line up.
      const extra = tables.map(() => new Set<string>());
      for (let page = 0; page < pages; page++) {
        const part = await readPart(page);
        tables.forEach((t, i) => t.pick(part).forEach((row) => Object.keys(row).forEach((k) => !t.columns.includes(k) && extra[i]!.add(k))));
      }
      const files: string[] = [];
      for (const [i, t] of tables.entries()) {
        const columns = [...t.columns, ...extra[i]!];
        const csvPath = path.join(dir, `${t.name}-${period2(period)}.csv`);
        const jsonPath = path.join(dir, `${t.name}-${period2(period)}.json`);
        await writeFile(csvPath, `${columns.join(',')}\r\n`);
        await writeFile(jsonPath, `${JSON.stringify(meta).slice(0, -1)},"rows":[`);
        for (let page = 0; page < pages; page++) {
          const rows = t.pick(await readPart(page));
          if (rows.length === 0) continue;
          // toCsv with every column given: its header is exactly the line written above; the rows follow it.
          await appendFile(csvPath, toCsv(columns, rows).slice(columns.join(',').length + 2));
          await appendFile(jsonPath, `${t.count > 0 ? ',' : ''}${rows.map((r) => JSON.stringify(r)).join(',')}`);
          t.count += rows.length;
        }
        await appendFile(jsonPath, ']}');
        files.push(path.basename(csvPath), path.basename(jsonPath));
      }
      const [usages, options] = tables;
      let deliveredToCrm = false;
      if (notify) {
        const all = async (pick: (p: PartFile) => Row[]) => (await Promise.all(Array.from({ length: pages }, (_, page) => readPart(page)))).flatMap(pick);
        deliveredToCrm = await deliverReport(notify, `report/usages/${period2(period)}`, 'report.usages', { ...meta, rows: await all(usages!.pick), optionUsages: await all(options!.pick) });
      }
      await rm(partsDir(period), { recursive: true, force: true });
      return { kind: 'usages', files, rowCount: usages!.count, optionRowCount: options!.count, deliveredToCrm };
    },
  };
}
