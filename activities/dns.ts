// The DNS propagation check as an activity. Resolver settings are the worker's (infrastructure), not workflow input.
import { checkRecords, type DnsCheckOptions, type DnsCheckResult } from '../dns/propagation.js';
import type { ExpectedRecord } from '../domain/onboarding/dns-records.js';

export interface DnsActivityDeps {
  dns?: Partial<DnsCheckOptions>;
}

export interface CheckDnsInput {
  domain: string;
  records: ExpectedRecord[];
  /** Also ask recursive resolvers (a second signal; the workflow turns it on only after an initial delay). */
  includeRecursive: boolean;
}

export function createDnsActivities({ dns = {} }: DnsActivityDeps) {
  const options: DnsCheckOptions = { resolvers: dns.resolvers ?? [], authoritativePort: dns.authoritativePort ?? 53, timeoutMs: dns.timeoutMs ?? 5_000 };
  return {
    async checkDnsRecords(input: CheckDnsInput): Promise<DnsCheckResult> {
      return checkRecords(input.domain, input.records, { ...options, includeRecursive: input.includeRecursive });
    },
  };
}
