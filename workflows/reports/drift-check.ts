// Daily drift check: lists the partner's customers and subscriptions, compares them with the state the CRM last
// sent (customer.details_changed events), writes the differences to a report and sends them to the CRM callback.
import { ApplicationFailure, defineQuery, patched, setCurrentDetails, setHandler, workflowInfo } from '@temporalio/workflow';
import type { DriftSummary } from '../../activities/reports.js';
import type { z } from '../../domain/schema.js';
import { parseWithSchema, strictObject } from '../../domain/schema.js';
import { setPartnerSearchAttributes } from '../search-attributes.js';
import { validateOrFail } from '../validate-input.js';
import { reports } from '../activity-options.js';

/** No options yet: an empty object, so the Web UI and schedules pass `{}`. */
export const driftCheckInputSchema = strictObject({});

export type DriftCheckInput = z.infer<typeof driftCheckInputSchema>;

export type DriftCheckStep = 'CHECKING' | 'DONE';

export interface DriftCheckStatus {
  step: DriftCheckStep;
  /** Pages of customers (30 each) compared so far. */
  pages?: number;
  summary?: DriftSummary;
}

export const driftCheckStatusQuery = defineQuery<DriftCheckStatus>('driftStatus');

export function parseDriftCheckInput(raw: unknown): DriftCheckInput {
  return parseWithSchema('driftCheck', driftCheckInputSchema, raw ?? {});
}

export async function driftCheck(rawInput: DriftCheckInput = {}): Promise<DriftSummary> {
  const status: DriftCheckStatus = { step: 'CHECKING' };
  setHandler(driftCheckStatusQuery, () => status);
  validateOrFail(parseDriftCheckInput, rawInput);
  setPartnerSearchAttributes({ operation: 'drift-check', state: 'CHECKING' });
  // In pages (one activity per 30 customers, the cursor in this history: a killed worker costs one page); runs that
  // started with the one-activity check replay without it.
  const summary = patched('drift-check-pages') ? await driftCheckInPages(status) : await reports.runDriftCheck();
  status.summary = summary;
  status.step = 'DONE';
  setPartnerSearchAttributes({ state: 'DONE' });
  setCurrentDetails(`**Differences:** ${summary.differenceCount} in ${summary.customersChecked} customers`);
  return summary;
}

async function driftCheckInPages(status: DriftCheckStatus): Promise<DriftSummary> {
  // The day of the run (UTC), fixed for all pages: the parts and the files carry it.
  const date = workflowInfo().startTime.toISOString().slice(0, 10);
  let cursor: string | undefined;
  let page = 0;
  do {
    if (page >= 10_000) throw ApplicationFailure.nonRetryable('listCustomers: more than 10000 pages', 'ERR_TOO_MANY_PAGES');
    const result = await reports.driftCheckPage(date, page, cursor);
    page++;
    cursor = result.nextCursor;
    status.pages = page;
  } while (cursor);
  return reports.finishDriftCheck(date, page);
}
