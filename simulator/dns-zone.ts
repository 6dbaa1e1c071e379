// The customers' DNS in the simulated world: the records each customer's DNS admin has published, per domain. The
// simulator's own ownership check reads them (dns-check.ts) and `npm start` serves them from a loopback
// authoritative DNS server that the worker asks, so LINE WORKS and the service see the same records.
import type { UpgradeDomain } from '../partner-api/types.js';
import type { SimulatorState } from './state.js';

export const PUBLISHABLE_TYPES = ['TXT', 'CNAME', 'MX'] as const;
export type PublishableType = (typeof PUBLISHABLE_TYPES)[number];

export interface PublishedDnsRecord {
  /** Fully qualified, lower-case, no trailing dot. */
  name: string;
  type: PublishableType;
  /** TXT text, CNAME target or MX exchange. */
  value: string;
  /** MX only. */
  priority?: number;
}

const norm = (name: string) => name.trim().replace(/\.$/, '').toLowerCase();

function qualify(host: string | undefined, domain: string): string {
  const name = norm(host ?? '');
  if (name === '' || name === '@') return domain;
  return name === domain || name.endsWith(`.${domain}`) ? name : `${name}.${domain}`;
}

/** The upgrade-domain records LINE WORKS handed out for `domain` (onboarding or group-to-domain change), if any. */
export function handedOutFor(state: SimulatorState, domain: string): UpgradeDomain | undefined {
  const wanted = norm(domain);
  return [...state.upgradeDomains.values()].find((upgrade) => upgrade.domain !== undefined && norm(upgrade.domain) === wanted);
}

/** The records a DNS admin publishes for what was handed out: TXT, CNAME and both MX. */
export function recordsToPublish(upgrade: UpgradeDomain, domain: string): PublishedDnsRecord[] {
  const records: PublishedDnsRecord[] = [];
  if (upgrade.txtToken) records.push({ name: qualify(upgrade.txtHost, domain), type: 'TXT', value: upgrade.txtToken });
  if (upgrade.cnameHost && upgrade.cnameTarget) records.push({ name: qualify(upgrade.cnameHost, domain), type: 'CNAME', value: norm(upgrade.cnameTarget) });
  const mx = upgrade.mxRecordValue;
  if (mx?.priority10) records.push({ name: qualify(upgrade.mxRecordHost, domain), type: 'MX', value: norm(mx.priority10), priority: 10 });
  if (mx?.priority20) records.push({ name: qualify(upgrade.mxRecordHost, domain), type: 'MX', value: norm(mx.priority20), priority: 20 });
  return records;
}

/** A typo'd version of a record, as a DNS admin might publish it: same name and type, value that does not match. */
export function wrongVersion(record: PublishedDnsRecord): PublishedDnsRecord {
  if (record.type === 'TXT') return { ...record, value: `${record.value}-typo` };
  return { ...record, value: `typo-${record.value}` };
}

/** Whether the published records prove ownership (TXT token or CNAME target) and route mail (MX priority 10). */
export function verdictFromPublished(published: PublishedDnsRecord[] | undefined, upgrade: UpgradeDomain): { ownership: boolean; mx: boolean } {
  if (!published || upgrade.domain === undefined) return { ownership: false, mx: false };
  const domain = norm(upgrade.domain);
  const has = (type: PublishableType, host: string | undefined, value: string | undefined) =>
    value !== undefined && published.some((r) => r.type === type && r.name === qualify(host, domain) && r.value === (type === 'TXT' ? value : norm(value)));
  return {
    ownership: has('TXT', upgrade.txtHost, upgrade.txtToken) || has('CNAME', upgrade.cnameHost, upgrade.cnameTarget),
    mx: has('MX', upgrade.mxRecordHost, upgrade.mxRecordValue?.priority10),
  };
}

/**
 * The zones an authoritative server for this world serves: every domain records were handed out for (so a lookup
 * before anything is published gets "no such record" from its own name server) and every domain with published
 * records.
 */
export function simulatedZones(state: SimulatorState): Map<string, PublishedDnsRecord[]> {
  const zones = new Map<string, PublishedDnsRecord[]>();
  for (const upgrade of state.upgradeDomains.values()) if (upgrade.domain) zones.set(norm(upgrade.domain), []);
  for (const [domain, records] of state.publishedDns) zones.set(domain, records);
  return zones;
}
