// Daily drift check: lists the partner's customers and subscriptions, compares them with the state the CRM last
// sent (customer.details_changed events), writes the differences to a report and sends them to the CRM callback.
import { defineQuery, setCurrentDetails, setHandler } from '@temporalio/workflow';
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
  const summary = await reports.runDriftCheck();
  status.summary = summary;
  status.step = 'DONE';
  setPartnerSearchAttributes({ state: 'DONE' });
  setCurrentDetails(`**Differences:** ${summary.differenceCount} in ${summary.customersChecked} customers`);
  return summary;
}
