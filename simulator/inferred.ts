// Behaviour the documentation leaves open (x-confidence partial/inferred, x-gaps), decided in one place so each
// choice is easy to find and change. docs/simulator.md lists them.

/** Names ending in these suffixes are group-style names: type GROUP, active at creation, no DNS needed. */
export const NO_DNS_SUFFIXES = ['.by-works.com', '.by-works.net'];

/** Status and code when activate/change-domain is called before the domain's DNS records are in place. */
export const DNS_NOT_VERIFIED = { status: 400, code: 'INVALID_DOMAIN', description: 'DNS records for the domain are not verified yet' } as const;

/** Status and code when a name is already used by another customer (verifyDomain documents only 400). */
export const NAME_TAKEN_ON_VERIFY = { status: 400, code: 'ALREADY_EXIST', description: 'The domain is already in use' } as const;
export const NAME_TAKEN_ON_CREATE = { status: 409, code: 'DOMAIN_ALREADY_EXIST', description: 'The domain is already in use' } as const;

/** createCustomer's success status (inferred: other POSTs in the group return 201). */
export const CREATE_CUSTOMER_STATUS = 201;

/** First domainId and tenantId handed out. */
export const FIRST_DOMAIN_ID = 10_000_001;
export const FIRST_TENANT_ID = 20_000_001;

/** The name rule: 2-22 characters; lowercase letters, digits, hyphens and dots; no leading/trailing hyphen, no "--". */
export function nameProblem(name: string): string | undefined {
  if (name.length < 2 || name.length > 22) return 'domain must be 2 to 22 characters';
  if (!/^[a-z0-9.-]+$/.test(name)) return 'domain may contain only lowercase letters, digits, hyphens and dots';
  if (/^[-.]|[-.]$/.test(name)) return 'domain must not start or end with "-" or "."';
  if (name.includes('--') || name.includes('..')) return 'domain must not contain "--" or ".."';
  return undefined;
}

export function needsDns(name: string): boolean {
  return !NO_DNS_SUFFIXES.some((suffix) => name.endsWith(suffix)) && name.includes('.');
}
