// Group-name-to-domain activities: register (or reuse) the upgrade domain, and change the domain once LINE WORKS
// has verified it. Each is safe to retry: they read the current state first.
import type { PartnerApiClient } from '../partner-api/client.js';
import { PartnerNotFoundError, PartnerValidationError } from '../partner-api/errors.js';
import type { Customer, UpgradeDomain } from '../partner-api/types.js';
import { activitySignal, partnerCall, toApplicationFailure } from './failures.js';
import { sendWrite, UNCLEAR_WRITE_SETTLE, waitOutEarlierWrite, type UnclearWriteDeps } from './unclear-write.js';

export interface DomainActivityDeps extends UnclearWriteDeps {
  client: PartnerApiClient;
}

export type UpgradeDomainResult =
  | { outcome: 'REGISTERED' | 'REUSED'; upgradeDomain: UpgradeDomain }
  /** Another upgrade domain is registered for this customer; replacing it needs the requester's consent. */
  | { outcome: 'OTHER_REGISTERED'; registered: string };

export type ChangeDomainResult = { changed: true; customer: Customer } | { changed: false; reason: string };

function reasonOf(err: PartnerValidationError): string {
  return [err.apiCode, err.apiDescription].filter(Boolean).join(': ') || err.message;
}

export function createDomainActivities({ client, unclearWriteSettle: settle = UNCLEAR_WRITE_SETTLE }: DomainActivityDeps) {
  async function registered(domainId: number): Promise<UpgradeDomain | undefined> {
    try {
      return await client.getUpgradeDomain(domainId, { signal: activitySignal() });
    } catch (err) {
      if (err instanceof PartnerNotFoundError) return undefined;
      throw err;
    }
  }

  return {
    async getCustomerById(domainId: number): Promise<Customer> {
      return partnerCall((signal) => client.getCustomer(domainId, { signal }));
    },

    /** The upgrade domain registered for the customer, if any. */
    async getRegisteredUpgradeDomain(domainId: number): Promise<UpgradeDomain | undefined> {
      return partnerCall(() => registered(domainId));
    },

    /** Registers `domain` as the customer's upgrade domain, reusing it when already registered (a retry or re-run). */
    async ensureUpgradeDomain(domainId: number, domain: string, replaceOther: boolean): Promise<UpgradeDomainResult> {
      return partnerCall(async () => {
        waitOutEarlierWrite(settle); // after an unclear delete or add: settle delay, then the read below
        const current = await registered(domainId);
        if (current?.domain === domain) return { outcome: 'REUSED', upgradeDomain: current };
        if (current?.domain) {
          if (!replaceOther) return { outcome: 'OTHER_REGISTERED', registered: current.domain };
          await sendWrite('deleteUpgradeDomain', settle, (options) => client.deleteUpgradeDomain(domainId, options));
        }
        return { outcome: 'REGISTERED', upgradeDomain: await sendWrite('addUpgradeDomain', settle, (options) => client.addUpgradeDomain(domainId, { domain }, options)) };
      });
    },

    /** Changes the group name to `domain`. A 400 means "not verified yet": reported, so the workflow keeps waiting. */
    async changeDomainIfVerified(domainId: number, domain: string): Promise<ChangeDomainResult> {
      try {
        waitOutEarlierWrite(settle); // after an unclear change: settle delay, then the read below
        const before = await client.getCustomer(domainId, { signal: activitySignal() });
        if (before.domain !== domain) await sendWrite('changeDomain', settle, (options) => client.changeDomain(domainId, { domain }, options));
        return { changed: true, customer: await client.getCustomer(domainId, { signal: activitySignal() }) };
      } catch (err) {
        if (err instanceof PartnerValidationError) return { changed: false, reason: reasonOf(err) };
        throw toApplicationFailure(err);
      }
    },
  };
}
