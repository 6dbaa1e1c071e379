// Customer lifecycle activities (transfer, user cap, cancellation, customer details), and the one destructive call:
// deleting a customer, which reads before it deletes and counts "already gone / already pending" as done.
import type { PartnerApiClient } from '../partner-api/client.js';
import { PartnerConflictError, PartnerNotFoundError } from '../partner-api/errors.js';
import type { Customer } from '../partner-api/types.js';
import type { UsageStatus } from '../domain/subscriptions/subscription-products.js';
import { createCustomerDetailsActivities, customerOrNone } from './customer-details.js';
import { partnerCall } from './failures.js';
import { createTransferActivities } from './transfer.js';
import { createUsageStatusActivities } from './usage-status.js';
import { sendWrite, UNCLEAR_WRITE_SETTLE, waitOutEarlierWrite, type UnclearWriteDeps } from './unclear-write.js';

export interface LifecycleActivityDeps extends UnclearWriteDeps {
  client: PartnerApiClient;
}

export type CustomerState = { exists: false } | { exists: true; customer: Customer; usage: UsageStatus };

export type DeleteCustomerResult =
  /** 204: the tenant was removed. */
  | { outcome: 'DELETED'; status: 204 }
  /** 202: irreversible pending withdrawal; removed on `withdrawalDate`. `alreadyPending`: found so before this attempt's call. */
  | { outcome: 'PENDING_WITHDRAWAL'; status?: 202; withdrawalDate: string | null; alreadyPending: boolean }
  /** No customer with this domainId (an earlier attempt deleted it, or it never existed here). */
  | { outcome: 'ALREADY_DELETED' };

async function readState(client: PartnerApiClient, domainId: number, signal: AbortSignal | undefined): Promise<CustomerState> {
  const customer = await customerOrNone(client, domainId);
  if (!customer) return { exists: false };
  try {
    return { exists: true, customer, usage: await client.getUsageStatus(domainId, { signal }) };
  } catch (err) {
    if (err instanceof PartnerNotFoundError) return { exists: false };
    throw err;
  }
}

export function createLifecycleActivities(deps: LifecycleActivityDeps) {
  const { client, unclearWriteSettle: settle = UNCLEAR_WRITE_SETTLE } = deps;
  return {
    ...createTransferActivities(deps),
    ...createUsageStatusActivities(deps),
    ...createCustomerDetailsActivities(deps),

    /** The customer and its usage status, or `{exists: false}` when it is gone. */
    async readCustomerState(domainId: number): Promise<CustomerState> {
      return partnerCall((signal) => readState(client, domainId, signal));
    },

    /** Deletes the customer at most once: each attempt reads first, and a 404/409 answer means an earlier call did it. */
    async deleteCustomerOnce(domainId: number): Promise<DeleteCustomerResult> {
      return partnerCall(async (signal) => {
        waitOutEarlierWrite(settle); // after an unclear delete: settle delay, then the read below sees a late commit
        const state = await readState(client, domainId, signal);
        if (!state.exists) return { outcome: 'ALREADY_DELETED' };
        if (state.usage.status === 'SUSPENDED_WITHDRAWAL') return { outcome: 'PENDING_WITHDRAWAL', withdrawalDate: state.usage.withdrawalDate ?? null, alreadyPending: true };
        try {
          const { status } = await sendWrite('deleteCustomer', settle, (options) => client.deleteCustomer(domainId, options));
          if (status === 204) return { outcome: 'DELETED', status: 204 };
          const usage = await client.getUsageStatus(domainId, { signal });
          return { outcome: 'PENDING_WITHDRAWAL', status: 202, withdrawalDate: usage.withdrawalDate ?? null, alreadyPending: false };
        } catch (err) {
          if (!(err instanceof PartnerNotFoundError) && !(err instanceof PartnerConflictError)) throw err;
          const after = await readState(client, domainId, signal);
          if (!after.exists) return { outcome: 'ALREADY_DELETED' };
          if (after.usage.status === 'SUSPENDED_WITHDRAWAL') return { outcome: 'PENDING_WITHDRAWAL', withdrawalDate: after.usage.withdrawalDate ?? null, alreadyPending: true };
          throw err;
        }
      });
    },
  };
}

export type { ApplyUserCapResult, SetWithdrawalDateResult } from './usage-status.js';
export type { PatchCustomerResult, CustomerReplaceRequest } from './customer-details.js';
export type { PotentialCustomer, PotentialCustomerCheck, StartTransferResult } from './transfer.js';
