// Online Direct transfer activities. The partner code is passed to the API only: never logged, never in an error
// message (the client logs operation names and statuses, not queries or bodies).
import { Context } from '@temporalio/activity';
import type { PartnerApiClient } from '../partner-api/client.js';
import { PartnerValidationError } from '../partner-api/errors.js';
import type { Customer, components } from '../partner-api/types.js';
import { partnerCall } from './failures.js';
import { sendWrite, UNCLEAR_WRITE_SETTLE, waitOutEarlierWrite, type UnclearWriteDeps } from './unclear-write.js';

export interface TransferActivityDeps extends UnclearWriteDeps {
  client: PartnerApiClient;
}

export type PotentialCustomer = components['schemas']['PotentialCustomer'];

export type PotentialCustomerCheck = { found: true; potentialCustomer: PotentialCustomer } | { found: false; reason: string };

export type StartTransferResult =
  | { kind: 'ACCEPTED'; status: number }
  /** The tenant is already among our customers (an earlier attempt's transfer completed): nothing was sent. */
  | { kind: 'ALREADY_OURS'; customer: Customer }
  /** 400. `afterRetry`: an earlier attempt of this activity may have been accepted before its answer was lost. */
  | { kind: 'REFUSED'; reason: string; afterRetry: boolean };

/** The attempt number of the running activity (1 outside an activity, e.g. in a direct unit call). */
function attempt(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1;
  }
}

function apiReason(err: PartnerValidationError): string {
  return [err.apiCode, err.apiDescription].filter(Boolean).join(': ') || `HTTP ${err.status}`;
}

/** Our customer with exactly this domain, looking through every page of the (possibly partial-match) list. */
export async function findOwnCustomer(client: PartnerApiClient, domain: string, signal?: AbortSignal): Promise<Customer | undefined> {
  for await (const customer of client.iterateCustomers({ domain, count: 30 }, { signal })) if (customer.domain === domain) return customer;
  return undefined;
}

export function createTransferActivities({ client, unclearWriteSettle: settle = UNCLEAR_WRITE_SETTLE }: TransferActivityDeps) {
  return {
    /** Our customer with this domain, if the partner has one (e.g. once a transfer has completed). */
    async findOwnCustomer(domain: string): Promise<Customer | null> {
      return partnerCall(async (signal) => (await findOwnCustomer(client, domain, signal)) ?? null);
    },

    /** The Online Direct tenant, looked up with its partner code. The API answers only 400 for "unknown tenant" and "wrong code". */
    async lookUpPotentialCustomer(domain: string, partnerCode: string): Promise<PotentialCustomerCheck> {
      return partnerCall(async (signal) => {
        try {
          return { found: true, potentialCustomer: await client.getPotentialCustomer(domain, { partnerCode }, { signal }) };
        } catch (err) {
          if (!(err instanceof PartnerValidationError)) throw err;
          return {
            found: false,
            reason: `no Online Direct tenant ${domain} accepts this partner code: the tenant does not exist, or the partnerCode is wrong or expired (API: ${apiReason(err)})`,
          };
        }
      });
    },

    /** Starts the transfer (202). Reads first: a tenant that is already ours is not transferred again. */
    async startTransfer(domain: string, partnerCode: string, enablePartnerProfileDisplay?: boolean): Promise<StartTransferResult> {
      return partnerCall(async (signal) => {
        waitOutEarlierWrite(settle); // after an unclear transfer: settle delay, then the read below
        const ours = await findOwnCustomer(client, domain, signal);
        if (ours) return { kind: 'ALREADY_OURS', customer: ours };
        try {
          const body = { partnerCode, ...(enablePartnerProfileDisplay === undefined ? {} : { enablePartnerProfileDisplay }) };
          return { kind: 'ACCEPTED', status: (await sendWrite('transferPotentialCustomer', settle, (options) => client.transferPotentialCustomer(domain, body, options))).status };
        } catch (err) {
          if (!(err instanceof PartnerValidationError)) throw err;
          return { kind: 'REFUSED', reason: apiReason(err), afterRetry: attempt() > 1 };
        }
      });
    },
  };
}
