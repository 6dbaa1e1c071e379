// The DNS records a customer must publish, as the Partner API hands them out (getUpgradeDomain), turned into
// plain checks. Pure: used by the workflow (status) and the DNS activity.
import type { UpgradeDomain } from '../../partner-api/types.js';

export type RecordPurpose = 'ownership' | 'mail';

export interface ExpectedRecord {
  type: 'TXT' | 'CNAME' | 'MX';
  /** Fully qualified name to look up, without a trailing dot. */
  host: string;
  /** TXT text, CNAME target, or MX exchange. */
  value: string;
  /** MX priority. */
  priority?: number;
  purpose: RecordPurpose;
}

/** `@`, empty, relative and absolute host names all become a fully qualified name under `domain`. */
export function qualify(host: string | undefined, domain: string): string {
  const name = (host ?? '').trim().replace(/\.$/, '').toLowerCase();
  if (name === '' || name === '@') return domain;
  return name === domain || name.endsWith(`.${domain}`) ? name : `${name}.${domain}`;
}

/** TXT and CNAME prove ownership (either one is enough); MX records route mail and are checked only when asked. */
export function expectedRecords(upgrade: UpgradeDomain, domain: string, includeMail: boolean): ExpectedRecord[] {
  const records: ExpectedRecord[] = [];
  if (upgrade.txtToken) records.push({ type: 'TXT', host: qualify(upgrade.txtHost, domain), value: upgrade.txtToken, purpose: 'ownership' });
  if (upgrade.cnameHost && upgrade.cnameTarget) {
    records.push({ type: 'CNAME', host: qualify(upgrade.cnameHost, domain), value: upgrade.cnameTarget.replace(/\.$/, '').toLowerCase(), purpose: 'ownership' });
  }
  if (includeMail && upgrade.mxRecordValue) {
    const host = qualify(upgrade.mxRecordHost, domain);
    for (const [priority, value] of [
      [10, upgrade.mxRecordValue.priority10],
      [20, upgrade.mxRecordValue.priority20],
    ] as const) {
      if (value) records.push({ type: 'MX', host, value: value.replace(/\.$/, '').toLowerCase(), priority, purpose: 'mail' });
    }
  }
  return records;
}
