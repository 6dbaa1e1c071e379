// Which requested changes differ from the customer as it is now, as the smallest patchCustomer body. Pure: the
// workflow decides "nothing to do" with it, and the activity recomputes it on every attempt (a retry after a
// "commit then fail" finds nothing left to send).
import type { Customer } from '../../partner-api/types.js';
import type { CustomerChanges } from './update-customer-input.js';

/** A patchCustomer body. partnership.enablePartnerProfileDisplay is required by the schema whenever partnership is sent. */
export interface CustomerPatch {
  companyName?: string;
  phoneNumber?: string;
  timeZone?: string;
  locale?: Customer['locale'];
  partnership?: { customerCode?: string; memo?: string; enablePartnerProfileDisplay: boolean };
}

export interface FieldChange {
  field: string;
  /** null when the field was not set. */
  before: unknown;
  after: unknown;
}

export function customerPatch(current: Customer, changes: CustomerChanges): { patch?: CustomerPatch; changed: FieldChange[] } {
  const patch: CustomerPatch = {};
  const changed: FieldChange[] = [];
  for (const field of ['companyName', 'phoneNumber', 'timeZone', 'locale'] as const) {
    const wanted = changes[field];
    if (wanted !== undefined && wanted !== current[field]) {
      (patch as Record<string, unknown>)[field] = wanted;
      changed.push({ field, before: current[field], after: wanted });
    }
  }
  if (changes.partnership) {
    const now = (current.partnership ?? {}) as Record<string, unknown>;
    const partnership: Record<string, unknown> = {};
    for (const [field, wanted] of Object.entries(changes.partnership)) {
      if (wanted !== undefined && wanted !== now[field]) {
        partnership[field] = wanted;
        changed.push({ field: `partnership.${field}`, before: now[field] ?? null, after: wanted });
      }
    }
    if (Object.keys(partnership).length > 0) {
      // Keep the profile setting as it is unless it is one of the changes (the schema requires the field).
      const display = partnership.enablePartnerProfileDisplay ?? now.enablePartnerProfileDisplay ?? true;
      patch.partnership = { ...partnership, enablePartnerProfileDisplay: display as boolean };
    }
  }
  return changed.length > 0 ? { patch, changed } : { changed };
}
