// The simulator's in-memory world: customers, their upgrade domains, DNS verification and the request journal.
import { randomBytes } from 'node:crypto';
import type { Customer, CustomerCreateRequest, UpgradeDomain } from '../partner-api/types.js';
import { FIRST_DOMAIN_ID, FIRST_TENANT_ID, needsDns } from './inferred.js';

export interface JournalEntry {
  operation: string;
  method: string;
  path: string;
  body?: unknown;
  status: number;
  at: string;
}

export class SimulatorState {
  customers = new Map<number, Customer>();
  upgradeDomains = new Map<number, UpgradeDomain>();
  /** Domains whose DNS records are "in place", set through the control API. */
  verifiedDns = new Set<string>();
  journal: JournalEntry[] = [];
  #nextDomainId = FIRST_DOMAIN_ID;
  #nextTenantId = FIRST_TENANT_ID;

  reset(): void {
    this.customers.clear();
    this.upgradeDomains.clear();
    this.verifiedDns.clear();
    this.journal = [];
    this.#nextDomainId = FIRST_DOMAIN_ID;
    this.#nextTenantId = FIRST_TENANT_ID;
  }

  findByDomain(domain: string): Customer | undefined {
    for (const customer of this.customers.values()) if (customer.domain === domain) return customer;
    return undefined;
  }

  isNameTaken(domain: string): boolean {
    if (this.findByDomain(domain)) return true;
    for (const upgrade of this.upgradeDomains.values()) if (upgrade.domain === domain) return true;
    return false;
  }

  addCustomer(request: CustomerCreateRequest): Customer {
    const domainId = this.#nextDomainId++;
    const dns = needsDns(request.domain);
    const customer: Customer = {
      tenantId: this.#nextTenantId++,
      domainId,
      domain: request.domain,
      productId: null,
      companyName: request.companyName,
      phoneNumber: request.phoneNumber,
      timeZone: request.timeZone,
      locale: request.locale,
      enableActiveMxrecord: false,
      enableActiveDomain: !dns,
      domainType: dns ? 'DOMAIN' : 'GROUP',
      ...(request.administrator
        ? { administrator: { ...request.administrator, password: undefined } as Customer['administrator'] }
        : {}),
      partnership: { status: 'NORMAL', enablePartnerProfileDisplay: request.partnership?.enablePartnerProfileDisplay ?? true },
    };
    if (customer.administrator) delete (customer.administrator as { password?: string }).password;
    this.customers.set(domainId, customer);
    if (dns) this.upgradeDomains.set(domainId, dnsRecordsFor(request.domain));
    return customer;
  }
}

/** The DNS records a customer must publish for `domain`: TXT ownership token, CNAME and two MX hosts. */
export function dnsRecordsFor(domain: string): UpgradeDomain {
  const token = randomBytes(12).toString('hex');
  return {
    domain,
    isActiveDomain: false,
    txtHost: domain,
    txtToken: `worksmobile-certification=${token}`,
    cnameHost: `lw-${token.slice(0, 8)}.${domain}`,
    cnameTarget: 'verify.worksmobile.com',
    mxRecordHost: domain,
    mxRecordValue: { priority10: 'mx1.worksmobile.com', priority20: 'mx2.worksmobile.com' },
  };
}
