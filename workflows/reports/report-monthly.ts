// Monthly usage and invoice report: per-customer daily usages, the partner's invoice and its per-customer lines,
// written as CSV and JSON files and sent to the CRM callback. Run by the monthly schedule (workers/schedules.ts)
// or by hand with an explicit month.
import { ApplicationFailure, defineQuery, patched, setCurrentDetails, setHandler, workflowInfo } from '@temporalio/workflow';
import type { ReportPeriod, ReportSummary } from '../../activities/reports.js';
import { crossFieldRule, parseWithSchema, strictObject, z } from '../../domain/schema.js';
import { setPartnerSearchAttributes } from '../search-attributes.js';
import { validateOrFail } from '../validate-input.js';
import { reports } from '../activity-options.js';

const wholeNumber = (min: number, max: number) => {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.number({ error: message }).int(message).min(min, message).max(max, message);
};

export const monthlyReportInputSchema = strictObject({
  /** Defaults to the month before the run (in Japan time, the API's calendar). */
  year: wholeNumber(2000, 2100).optional(),
  month: wholeNumber(1, 12).optional(),
});

export type MonthlyReportInput = z.infer<typeof monthlyReportInputSchema>;

export type MonthlyReportStep = 'STARTING' | 'USAGES' | 'INVOICES' | 'DONE';

export interface MonthlyReportStatus {
  step: MonthlyReportStep;
  period?: ReportPeriod;
  /** USAGES: pages of customers read so far (30 each) and the customers on them. */
  usagePages?: number;
  customersRead?: number;
  /** INVOICES: pages of invoice lines read so far (20 customers each) and the lines on them. */
  invoicePages?: number;
  invoiceLinesRead?: number;
  usages?: ReportSummary;
  invoices?: ReportSummary;
}

export interface MonthlyReportResult {
  period: ReportPeriod;
  usages: ReportSummary;
  invoices: ReportSummary;
}

export const monthlyReportStatusQuery = defineQuery<MonthlyReportStatus>('reportStatus');

/** Schedules start one run per month; hand-started runs use this ID so two runs of one month do not overlap. */
export function monthlyReportWorkflowId(period: ReportPeriod): string {
  return `report/monthly/${period.year}-${String(period.month).padStart(2, '0')}`;
}

/** The calendar month before the given instant, in Japan time (UTC+9, no daylight saving). */
export function previousMonth(nowMs: number): ReportPeriod {
  const japan = new Date(nowMs + 9 * 3_600_000);
  const year = japan.getUTCFullYear();
  const month = japan.getUTCMonth() + 1;
  return month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
}

/**
 * Year and month come together. A month that has not ended (or not begun) is allowed: its report is partial or
 * empty, with a note, which is what the API's calendar (not the worker's clock) decides.
 */
const periodRule = crossFieldRule((input, add) => {
  if ((input.year === undefined) !== (input.month === undefined)) add([], 'year and month must be given together (or both left out for last month)');
});

export function parseMonthlyReportInput(raw: unknown): MonthlyReportInput {
  return parseWithSchema('monthlyReport', monthlyReportInputSchema.check(periodRule), raw ?? {});
}

export async function monthlyReport(rawInput: MonthlyReportInput = {}): Promise<MonthlyReportResult> {
  const status: MonthlyReportStatus = { step: 'STARTING' };
  setHandler(monthlyReportStatusQuery, () => status);
  const moveTo = (step: MonthlyReportStep) => {
    status.step = step;
    setPartnerSearchAttributes({ state: step });
    setCurrentDetails(`**Step:** ${step}${status.period ? `\n\n**Month:** ${status.period.year}-${status.period.month}` : ''}`);
  };

  const input: MonthlyReportInput = validateOrFail(parseMonthlyReportInput, rawInput);
  // Workflow time (deterministic): a scheduled run on the 1st reports the month that just ended.
  const period: ReportPeriod =
    input.year !== undefined && input.month !== undefined ? { year: input.year, month: input.month } : previousMonth(workflowInfo().startTime.getTime());
  status.period = period;
  setPartnerSearchAttributes({ operation: 'report' });

  moveTo('USAGES');
  const usages = patched(USAGE_PAGES_PATCH) ? await usageReportInPages(period, status) : await reports.writeUsageReport(period);
  status.usages = usages;
  moveTo('INVOICES');
  const invoices = patched(INVOICE_PAGES_PATCH) ? await invoiceReportInPages(period, status) : await reports.writeInvoiceReport(period);
  status.invoices = invoices;
  moveTo('DONE');
  return { period, usages, invoices };
}

/** Change ID of the paged usage report (runs that started with the one-activity report replay without it). */
export const USAGE_PAGES_PATCH = 'usage-report-pages';
/** Bounded: 10,000 pages (of 30 customers, or 20 invoice lines) is far beyond any partner; a cursor that never ends is a server bug. */
const MAX_PAGES = 10_000;

/**
 * One activity per page; the cursor lives in this history, so a retry or a new worker goes on from the page where the
 * last one stopped, never from the first. Returns the number of pages read.
 */
async function inPages<R extends { nextCursor?: string }>(operation: string, readPage: (page: number, cursor?: string) => Promise<R>, onPage: (result: R, pages: number) => void): Promise<number> {
  let cursor: string | undefined;
  let page = 0;
  do {
    if (page >= MAX_PAGES) throw ApplicationFailure.nonRetryable(`${operation}: more than ${MAX_PAGES} pages`, 'ERR_TOO_MANY_PAGES');
    const result = await readPage(page, cursor);
    page++;
    cursor = result.nextCursor;
    onPage(result, page);
  } while (cursor);
  return page;
}

/** The usage report: pages of 30 customers (listCustomers) and their usages, then the join. */
async function usageReportInPages(period: ReportPeriod, status: MonthlyReportStatus): Promise<ReportSummary> {
  status.usagePages = 0;
  status.customersRead = 0;
  const pages = await inPages('listCustomers', (page, cursor) => reports.usageReportPage(period, page, cursor), (result, page) => {
    status.usagePages = page;
    status.customersRead! += result.customers;
    setCurrentDetails(`**Step:** USAGES\n\n**Month:** ${period.year}-${period.month}\n\n**Customers read:** ${status.customersRead} (${page} pages)`);
  });
  return reports.finishUsageReport(period, pages);
}

/** Change ID of the paged invoice report (runs that started with the one-activity invoice report replay without it). */
export const INVOICE_PAGES_PATCH = 'invoice-report-pages';

/** The invoice report the same way: pages of 20 customers' invoice lines (the first with the month's invoices), then the join. */
async function invoiceReportInPages(period: ReportPeriod, status: MonthlyReportStatus): Promise<ReportSummary> {
  let issued = true;
  status.invoicePages = 0;
  status.invoiceLinesRead = 0;
  const pages = await inPages('listInvoiceDetails', (page, cursor) => reports.invoiceReportPage(period, page, cursor), (result, page) => {
    issued = result.issued;
    status.invoicePages = page;
    status.invoiceLinesRead! += result.details;
    setCurrentDetails(`**Step:** INVOICES\n\n**Month:** ${period.year}-${period.month}\n\n**Invoice lines read:** ${status.invoiceLinesRead} (${page} pages)`);
  });
  return reports.finishInvoiceReport(period, pages, issued);
}
