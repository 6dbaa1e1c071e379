// CRM-driven changes to a customer's details: read the customer, patch only the fields that differ, report
// before/after. A repeat of the same request (or a retry after a lost answer) finds nothing to change.
import { defineQuery, setHandler } from '@temporalio/workflow';
import type { Customer } from '../../partner-api/types.js';
import { trackProgress } from '../progress.js';
import { setPartnerSearchAttributes } from '../search-attributes.js';
import { customerPatch, type CustomerPatch, type FieldChange } from '../../domain/lifecycle/update-customer-diff.js';
import { parseUpdateCustomerDetailsInput, type UpdateCustomerDetailsInput } from '../../domain/lifecycle/update-customer-input.js';
import { validateOrFail } from '../validate-input.js';
import { partner } from '../activity-options.js';

export type CustomerUpdateStep = 'VALIDATING' | 'READING' | 'PATCHING' | 'DONE' | 'STOPPED';

export interface CustomerUpdateStatus {
  step: CustomerUpdateStep;
  domainId?: number;
  requestedBy?: string;
  /** The fields that differ and will be (or were) sent. */
  changed?: FieldChange[];
  lastError?: string;
}

export type UpdateCustomerDetailsResult =
  | { outcome: 'UPDATED'; domainId: number; changed: FieldChange[]; sent: CustomerPatch; before: Customer; after: Customer }
  | { outcome: 'NO_CHANGE'; domainId: number; customer: Customer }
  | { outcome: 'NOT_FOUND'; domainId: number; reason: string };

/** Current step, the differing fields and the last error. */
export const customerUpdateStatusQuery = defineQuery<CustomerUpdateStatus>('customerUpdateStatus');

export async function updateCustomerDetails(rawInput: UpdateCustomerDetailsInput): Promise<UpdateCustomerDetailsResult> {
  const status: CustomerUpdateStatus = { step: 'VALIDATING' };
  setHandler(customerUpdateStatusQuery, () => status);
  const progress = trackProgress(status, (s) => [
    s.domainId && `**domainId:** ${s.domainId}`,
    s.requestedBy && `**Requested by:** ${s.requestedBy}`,
    s.changed && `**Changes:** ${s.changed.map((c) => `${c.field}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`).join(', ') || 'none'}`,
  ]);
  const moveTo = progress.moveTo;

  const input: UpdateCustomerDetailsInput = validateOrFail(parseUpdateCustomerDetailsInput, rawInput);
  const { domainId } = input;
  status.domainId = domainId;
  if (input.requestedBy) status.requestedBy = input.requestedBy;
  setPartnerSearchAttributes({ domainId, operation: 'customer-update' });

  moveTo('READING');
  const current = await partner.getCustomerDetails(domainId);
  if (!current) {
    status.lastError = `no customer with domainId ${domainId}`;
    moveTo('STOPPED');
    return { outcome: 'NOT_FOUND', domainId, reason: status.lastError };
  }
  setPartnerSearchAttributes({ domain: current.domain });
  const planned = customerPatch(current, input.changes);
  status.changed = planned.changed;
  if (!planned.patch) {
    moveTo('DONE');
    return { outcome: 'NO_CHANGE', domainId, customer: current };
  }

  moveTo('PATCHING');
  const patched = await partner.patchCustomerDetails(domainId, input.changes);
  if (!patched.found) {
    status.lastError = `the customer with domainId ${domainId} disappeared before the change was sent`;
    moveTo('STOPPED');
    return { outcome: 'NOT_FOUND', domainId, reason: status.lastError };
  }
  moveTo('DONE');
  // `before` is our first read: a retried attempt (after a lost answer) reads the already-changed customer.
  return { outcome: 'UPDATED', domainId, changed: planned.changed, sent: patched.sent ?? planned.patch, before: current, after: patched.after };
}
