// Customer details: get, list (every page), replace and patch. The patch re-reads the customer on every attempt and
// sends only the fields that still differ, so a repeat of the same request changes nothing.
import type { PartnerApiClient } from '../partner-api/client.js';
import { PartnerNotFoundError } from '../partner-api/errors.js';
import type { Customer, ListCustomersQuery } from '../partner-api/types.js';
import type { components } from '../partner-api/types.js';
import { customerPatch, type CustomerPatch, type FieldChange } from '../domain/lifecycle/update-customer-diff.js';
import type { CustomerChanges } from '../domain/lifecycle/update-customer-input.js';
import { activitySignal, partnerCall } from './failures.js';
import { sendWrite, UNCLEAR_WRITE_SETTLE, waitOutEarlierWrite, type UnclearWriteDeps } from './unclear-write.js';

export interface CustomerDetailsActivityDeps extends UnclearWriteDeps {
  client: PartnerApiClient;
}

export type CustomerReplaceRequest = components['schemas']['CustomerReplaceRequest'];

export type PatchCustomerResult =
  | { found: false }
  | { found: true; before: Customer; after: Customer; changed: FieldChange[]; sent?: CustomerPatch };

/** The customer, or undefined when the API answers 404. */
export async function customerOrNone(client: PartnerApiClient, domainId: number): Promise<Customer | undefined> {
  try {
    return await client.getCustomer(domainId, { signal: activitySignal() });
  } catch (err) {
    if (err instanceof PartnerNotFoundError) return undefined;
    throw err;
  }
}

export function createCustomerDetailsActivities({ client, unclearWriteSettle: settle = UNCLEAR_WRITE_SETTLE }: CustomerDetailsActivityDeps) {
  return {
    /** One customer, or null when there is none with this domainId. */
    async getCustomerDetails(domainId: number): Promise<Customer | null> {
      return partnerCall(async () => (await customerOrNone(client, domainId)) ?? null);
    },

    /** Every customer of the partner (all pages, 30 per page), optionally filtered by domain. */
    async listAllCustomers(query: Pick<ListCustomersQuery, 'domain' | 'orderBy'> = {}): Promise<Customer[]> {
      return partnerCall(async (signal) => {
        const all: Customer[] = [];
        for await (const customer of client.iterateCustomers({ ...query, count: 30 }, { signal })) all.push(customer);
        return all;
      });
    },

    /** Full replacement (PUT): send every editable field, or the missing ones are reset. Same body twice = same result. */
    async replaceCustomerDetails(domainId: number, body: CustomerReplaceRequest): Promise<Customer> {
      return partnerCall((signal) => client.replaceCustomer(domainId, body, { signal }));
    },

    /** Patches only the requested fields that differ now; reports before/after. Nothing differs → nothing is sent. */
    async patchCustomerDetails(domainId: number, changes: CustomerChanges): Promise<PatchCustomerResult> {
      return partnerCall(async () => {
        waitOutEarlierWrite(settle); // after an unclear patch: settle delay, then the read below
        const before = await customerOrNone(client, domainId);
        if (!before) return { found: false };
        const { patch, changed } = customerPatch(before, changes);
        if (!patch) return { found: true, before, after: before, changed };
        const after = await sendWrite('patchCustomer', settle, (options) => client.patchCustomer(domainId, patch, options));
        return { found: true, before, after, changed, sent: patch };
      });
    },
  };
}
