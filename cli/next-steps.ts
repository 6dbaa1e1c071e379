// What a person following a run should do next, from the workflow's status and result: the DNS records to publish
// (and, in the simulated world, the command that publishes them), what a DNS check still misses, the Web UI link.
import type { SetupPageLink } from '../activities/setup-link.js';
import type { ExpectedRecord } from '../domain/onboarding/dns-records.js';
import type { DnsWaitStatus } from '../workflows/onboarding/dns-wait.js';
import { missingDnsRecords } from '../workflows/onboarding/dns-wait.js';

export interface FollowedStatus {
  step?: string;
  waitingFor?: string;
  domain?: string;
  dns?: DnsWaitStatus;
  /** The signed link to the DNS setup page for the customer's admin, once the run has one (docs/setup-page.md). */
  setupPage?: SetupPageLink;
}

export interface NextStepSettings {
  /** The Temporal Web UI's base URL, when known (the embedded dev server's). */
  uiUrl?: string;
  namespace?: string;
  /** True when the Partner API is the simulator (no LINE WORKS credentials): `partnerctl sim` commands apply. */
  simulated?: boolean;
}

function recordLine(record: ExpectedRecord): string {
  return `    ${record.type.padEnd(6)} ${record.host.padEnd(36)} ${record.priority !== undefined ? `${record.priority} ` : ''}${record.value}`;
}

/** Lines printed once, when a run starts waiting for DNS. */
export function dnsToPublish(workflowId: string, status: FollowedStatus, settings: NextStepSettings): string[] {
  const expected = status.dns?.expected ?? [];
  if (expected.length === 0) return [];
  const ownership = expected.filter((r) => r.purpose === 'ownership');
  const mail = expected.filter((r) => r.purpose === 'mail');
  const domain = status.domain ?? ownership[0]?.host;
  return [
    `  The customer's DNS admin publishes ${ownership.length > 1 ? 'one of these records (either proves ownership)' : 'this record'}:`,
    ...ownership.map(recordLine),
    ...(mail.length > 0 ? ['  and, for LINE WORKS Mail, these MX records:', ...mail.map(recordLine)] : []),
    ...(settings.simulated && domain ? [`  In the simulated world, publish them as the DNS admin would:  npm run partnerctl -- sim dns publish ${domain}`] : []),
    `  The run checks again by itself; to check at once:  npm run partnerctl -- signal ${workflowId} recheckDns`,
  ];
}

/** The setup page link to hand the customer's DNS admin, when the status carries one. */
export function setupPageLine(status: FollowedStatus | undefined): string | undefined {
  const link = status?.setupPage;
  return link?.url ? `  DNS setup page for the customer's admin (valid until ${link.expiresAt}):  ${link.url}` : undefined;
}

/** A short note of what the last DNS check still missed, or undefined. */
export function dnsMissing(status: FollowedStatus): string | undefined {
  if (status.dns?.state !== 'WAITING') return undefined;
  const missing = missingDnsRecords(status.dns.lastCheck);
  return missing.length > 0 ? `check ${status.dns.checks}: missing ${missing.join('; ')}` : undefined;
}

export function webUiLink(workflowId: string, settings: NextStepSettings): string | undefined {
  if (!settings.uiUrl) return undefined;
  return `${settings.uiUrl}/namespaces/${encodeURIComponent(settings.namespace ?? 'default')}/workflows/${encodeURIComponent(workflowId)}`;
}

/** Lines after the run ended: its outcome and where to look. */
export function outcomeLines(workflowId: string, result: unknown, settings: NextStepSettings): string[] {
  const outcome = (result as { outcome?: unknown } | undefined)?.outcome;
  const link = webUiLink(workflowId, settings);
  return [`${workflowId} finished${typeof outcome === 'string' ? `: ${outcome}` : ''}`, ...(link ? [`  history in the Web UI: ${link}`] : [])];
}
