// Customer activities. Writes are get-before-create so a retry (or a re-run of the workflow) finds what an
// earlier attempt made instead of failing or making a second one.
import { randomBytes } from 'node:crypto';
import type { PartnerApiClient } from '../partner-api/client.js';
import { PartnerConflictError, PartnerValidationError } from '../partner-api/errors.js';
import type { Customer, CustomerCreateRequest, UpgradeDomain } from '../partner-api/types.js';
import { Context } from '@temporalio/activity';
import { activitySignal, partnerCall, toApplicationFailure } from './failures.js';
import { sendWrite, UNCLEAR_WRITE_SETTLE, waitOutEarlierWrite, type UnclearWriteDeps } from './unclear-write.js';

export interface CustomerActivityDeps extends UnclearWriteDeps {
  client: PartnerApiClient;
}

export type NameCheck = { available: true; type: 'DOMAIN' | 'GROUP' } | { available: false; reason: string };

/** Workflow-safe customer details: the administrator carries no password (see ensureCustomer). */
export type NewCustomer = Omit<CustomerCreateRequest, 'administrator'> & {
  administrator?: Omit<NonNullable<CustomerCreateRequest['administrator']>, 'password'>;
};

export interface EnsureCustomerOptions {
  /**
   * The workflow looked the customer up (findCustomer) just before and found none: the first attempt goes straight to
   * the create. Every retry reads first (an earlier attempt may have created it and ended unclearly).
   */
  notFoundJustBefore?: boolean;
}

export interface EnsureCustomerResult {
  customer: Customer;
  /** False when the customer already existed (an earlier attempt or run created it). */
  created: boolean;
}

/** Not activated: the API's reason, and its error code so the workflow can tell what the customer must do. */
export type ActivationResult = { activated: true; customer: Customer } | { activated: false; reason: string; code?: string };

/** A random initial admin password with letters and digits, generated here so it never enters workflow history. */
function initialPassword(): string {
  const letters = randomBytes(9).toString('base64url').replace(/[^A-Za-z]/g, 'a').slice(0, 8);
  const digits = String(randomBytes(2).readUInt16BE(0) % 10000).padStart(4, '0');
  return `${letters}${digits}`;
}

/** The docs do not say whether the `domain` filter is exact, so every page is read and the name compared exactly. */
async function findCustomerByDomain(client: PartnerApiClient, domain: string): Promise<Customer | undefined> {
  for await (const customer of client.iterateCustomers({ domain, count: 30 }, { signal: activitySignal() })) {
    if (customer.domain === domain) return customer;
  }
  return undefined;
}

/** The running activity's first attempt (outside an activity, e.g. a plain unit call: no attempt before either). */
function firstAttempt(): boolean {
  try {
    return Context.current().info.attempt === 1;
  } catch {
    return true;
  }
}

export function createCustomerActivities({ client, unclearWriteSettle: settle = UNCLEAR_WRITE_SETTLE }: CustomerActivityDeps) {
  return {
    /** The customer with exactly this domain (or group) name, if the partner already has one. */
    async findCustomer(domain: string): Promise<Customer | undefined> {
      return partnerCall(() => findCustomerByDomain(client, domain));
    },

    /** Is the name free? A 400 answer means "not available", with the API's reason. */
    async verifyDomainName(domain: string): Promise<NameCheck> {
      try {
        const result = await client.verifyDomain({ domain }, { signal: activitySignal() });
        return { available: true, type: result.type };
      } catch (err) {
        if (err instanceof PartnerValidationError) {
          return { available: false, reason: [err.apiCode, err.apiDescription].filter(Boolean).join(': ') || err.message };
        }
        throw toApplicationFailure(err);
      }
    },

    /** Finds the customer by domain, or adds it. Safe to retry after a timeout or a "commit then fail". */
    async ensureCustomer(request: NewCustomer, options: EnsureCustomerOptions = {}): Promise<EnsureCustomerResult> {
      return partnerCall(async () => {
        waitOutEarlierWrite(settle); // after an unclear create: settle delay, then the read below sees a late commit
        if (!(options.notFoundJustBefore && firstAttempt())) {
          const existing = await findCustomerByDomain(client, request.domain);
          if (existing) return { customer: existing, created: false };
        }
        // Only the documented request fields: workflow inputs carry more (dnsWait, useMail, …) that the API must not see.
        const { domain, companyName, phoneNumber, timeZone, locale, productId, partnership, administrator } = request;
        const body: CustomerCreateRequest = {
          domain,
          companyName,
          phoneNumber,
          timeZone,
          locale,
          ...(productId === undefined ? {} : { productId }),
          ...(partnership === undefined ? {} : { partnership }),
          ...(administrator ? { administrator: { ...administrator, password: initialPassword() } } : {}),
        };
        try {
          return { customer: await sendWrite('createCustomer', settle, (sending) => client.createCustomer(body, sending)), created: true };
        } catch (err) {
          // A conflict right after our own read means a concurrent attempt won the race: use its customer.
          if (err instanceof PartnerConflictError) {
            const raced = await findCustomerByDomain(client, request.domain);
            if (raced) return { customer: raced, created: false };
          }
          throw err;
        }
      });
    },

    /** The DNS records the customer must publish for its domain. */
    async getDnsRecords(domainId: number): Promise<UpgradeDomain> {
      return partnerCall((signal) => client.getUpgradeDomain(domainId, { signal }));
    },

    /** Activates the customer. A 400 means the domain is not verified yet: reported, not thrown, so the workflow keeps waiting. */
    async activateCustomer(domainId: number): Promise<ActivationResult> {
      try {
        waitOutEarlierWrite(settle);
        const current = await client.getCustomer(domainId, { signal: activitySignal() });
        if (current.enableActiveDomain) return { activated: true, customer: current };
        return { activated: true, customer: await sendWrite('activateCustomer', settle, (options) => client.activateCustomer(domainId, options)) };
      } catch (err) {
        if (err instanceof PartnerValidationError) {
          return {
            activated: false,
            reason: [err.apiCode, err.apiDescription].filter(Boolean).join(': ') || err.message,
            ...(err.apiCode ? { code: err.apiCode } : {}),
          };
        }
        throw toApplicationFailure(err);
      }
    },
  };
}
