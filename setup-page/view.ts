// What the setup page shows, from the workflow's DNS wait status (its status query) and nothing else: the records to
// publish and, per record and per authoritative name server, what the last check found, in plain words. Pure.
import type { DnsCheckResult, RecordCheck } from '../dns/propagation.js';
import type { ExpectedRecord } from '../domain/onboarding/dns-records.js';
import type { DnsWaitStatus } from '../workflows/onboarding/dns-wait.js';
import { MESSAGES, type Lang } from './messages.js';

export type Phase = 'preparing' | 'waiting' | 'seen' | 'activated' | 'deadline' | 'cancelled' | 'ended';
export type RowState = 'ok' | 'partial' | 'wrong' | 'missing' | 'unchecked' | 'optional';

export interface RecordRow {
  type: ExpectedRecord['type'];
  host: string;
  value: string;
  priority?: number;
  purpose: ExpectedRecord['purpose'];
  state: RowState;
  /** The state in words, then one sentence per finding (per server). */
  stateText: string;
  details: string[];
}

export interface SetupView {
  domain: string;
  lang: Lang;
  phase: Phase;
  phaseText: string;
  rows: RecordRow[];
  hasOwnership: boolean;
  hasMail: boolean;
  /** "Your domain's name servers are …" (or that none were found), once a check ran. */
  nameServersText?: string;
  problems: string[];
  checks: number;
  lastCheckAt?: string;
  nextCheckAt?: string;
  deadline?: string;
  /** True while pressing "check now" can do something. */
  canCheck: boolean;
  /** Changes whenever anything shown changes: the page's script reloads when it does. */
  version: string;
}

/** What the page needs from a workflow: its DNS wait (if it has begun) and whether the run has ended. */
export interface DomainStatus {
  domain: string;
  dns?: DnsWaitStatus;
  /** RUNNING, COMPLETED, FAILED, … (the workflow execution's status). */
  execution: string;
}

const sameRecord = (a: ExpectedRecord, b: ExpectedRecord) => a.type === b.type && a.host === b.host && a.value === b.value && a.priority === b.priority;

function phaseOf(status: DomainStatus): Phase {
  const dns = status.dns;
  if (dns?.state === 'DONE') return 'activated';
  if (dns?.state === 'CANCELLED') return 'cancelled';
  if (status.execution !== 'RUNNING') return 'ended';
  if (!dns) return 'preparing';
  if (dns.state === 'DEADLINE_REACHED') return 'deadline';
  if (dns.state === 'GRACE' || dns.state === 'ACTIVATING') return 'seen';
  return 'waiting';
}

function describeRecord(check: RecordCheck | undefined, record: ExpectedRecord, ownershipSeen: boolean, lang: Lang): Pick<RecordRow, 'state' | 'details'> {
  const m = MESSAGES[lang];
  if (!check) return { state: 'unchecked', details: [] };
  const authoritative = check.servers.filter((s) => s.kind === 'authoritative');
  const matching = authoritative.filter((s) => s.matches).map((s) => s.server);
  const lacking = authoritative.filter((s) => !s.matches && !s.error && s.found.length === 0).map((s) => s.server);
  const details: string[] = [];
  // "TXT found on ns1, not yet on ns2", or "TXT not found yet on ns1, ns2".
  if (matching.length > 0) {
    const notYet = lacking.length > 0 ? `${lang === 'ja' ? '、' : ', '}${m.notYetOn(lacking.join(', '))}` : '';
    details.push(`${m.foundOn(record.type, matching.join(', '))}${notYet}`);
  } else if (lacking.length > 0) details.push(m.missingOn(record.type, lacking.join(', ')));
  for (const s of authoritative.filter((o) => !o.matches && o.found.length > 0)) {
    const found = s.found.join(', ');
    details.push(record.type === 'CNAME' ? m.pointsAt(s.server, record.type, found, record.value) : m.otherValue(s.server, record.type, found));
  }
  for (const s of authoritative.filter((o) => o.error)) details.push(m.noAnswer(s.server));
  if (check.visible) return { state: 'ok', details };
  if (record.purpose === 'ownership' && ownershipSeen) return { state: 'optional', details };
  if (matching.length > 0) return { state: 'partial', details };
  if (authoritative.some((s) => s.found.length > 0)) return { state: 'wrong', details };
  return { state: 'missing', details };
}

function nameServersText(check: DnsCheckResult | undefined, lang: Lang): string | undefined {
  if (!check) return undefined;
  const m = MESSAGES[lang];
  return check.authoritativeServers.length > 0 ? m.nameServers(check.authoritativeServers.join(', ')) : m.noNameServers;
}

export function buildView(status: DomainStatus, lang: Lang): SetupView {
  const m = MESSAGES[lang];
  const dns = status.dns;
  const check = dns?.lastCheck;
  const phase = phaseOf(status);
  const rows = (dns?.expected ?? []).map((record): RecordRow => {
    const found = check?.records.find((r) => sameRecord(r.record, record));
    const { state, details } = describeRecord(found, record, check?.ownershipVisible ?? false, lang);
    return {
      type: record.type,
      host: record.host,
      value: record.value,
      ...(record.priority !== undefined ? { priority: record.priority } : {}),
      purpose: record.purpose,
      state,
      stateText: m.state[state],
      details,
    };
  });
  const view: Omit<SetupView, 'version'> = {
    domain: status.domain,
    lang,
    phase,
    phaseText: m.phase[phase],
    rows,
    hasOwnership: rows.some((r) => r.purpose === 'ownership'),
    hasMail: rows.some((r) => r.purpose === 'mail'),
    ...(phase === 'waiting' || phase === 'deadline' ? { nameServersText: nameServersText(check, lang) } : {}),
    problems: phase === 'waiting' ? (check?.problems ?? []) : [],
    checks: dns?.checks ?? 0,
    ...(dns?.lastCheckAt ? { lastCheckAt: dns.lastCheckAt } : {}),
    ...(dns?.nextCheckAt && phase === 'waiting' ? { nextCheckAt: dns.nextCheckAt } : {}),
    ...(dns?.deadline && phase !== 'activated' ? { deadline: dns.deadline } : {}),
    canCheck: phase === 'waiting',
  };
  return { ...view, version: [phase, view.checks, view.lastCheckAt ?? '', view.nextCheckAt ?? '', view.deadline ?? '', rows.map((r) => r.state).join(',')].join('|') };
}
