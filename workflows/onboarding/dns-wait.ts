// The durable DNS wait shared by onboarding and group-name-to-domain changes: check the authoritative servers with
// back-off until the records are visible, wait a grace period, activate; at the deadline, notify and wait for a
// person's decision (extend or cancel) instead of failing silently. Survives worker and server restarts (timers and
// state live in the workflow).
import { allHandlersFinished, condition, defineSignal, defineUpdate, patched, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { DnsCheckResult } from '../../dns/propagation.js';
import type { ExpectedRecord } from '../../domain/onboarding/dns-records.js';
import { formatDuration, parseDuration } from '../../domain/durations.js';
import { dnsDeadlineDecisionSchema, type DnsDeadlineDecision } from '../../domain/onboarding/dns-wait-settings.js';
import { schemaProblems } from '../../domain/schema.js';
import { carriedCheck, carriedText, type DnsWaitCarriedState } from '../../domain/onboarding/dns-wait-carry-over.js';
import { dns } from '../activity-options.js';

export type DnsWaitState = 'WAITING' | 'GRACE' | 'ACTIVATING' | 'DEADLINE_REACHED' | 'DONE' | 'CANCELLED';

export interface DnsWaitStatus {
  state: DnsWaitState;
  /** What must be published. */
  expected: ExpectedRecord[];
  /** Per record and per server: what was found at the last check. */
  lastCheck?: DnsCheckResult;
  checks: number;
  lastCheckAt?: string;
  nextCheckAt?: string;
  deadline: string;
  /** When the records were first seen on every authoritative server. */
  seenAt?: string;
  activationAttempts: number;
  lastActivationError?: string;
}

export type { DnsDeadlineDecision };

/** Check DNS and try activation now (e.g. the customer or the CRM says the records are published). */
export const recheckDnsSignal = defineSignal('recheckDns');
/** At the deadline: extend the wait (`extendBy`, e.g. "24h") or cancel. Accepted only while the deadline is reached. */
export const dnsDeadlineDecisionUpdate = defineUpdate<DnsWaitStatus, [DnsDeadlineDecision]>('dnsDeadlineDecision');

export interface DnsWaitSettingsMs {
  initialInterval: number;
  maxInterval: number;
  recursiveAfter: number;
  grace: number;
  deadline: number;
}

export interface DnsWaitOptions<A> {
  domain: string;
  expected: ExpectedRecord[];
  settings: DnsWaitSettingsMs;
  /** Tries activation; `ok: false` (domain not verified yet) keeps the wait going. */
  activate: () => Promise<{ ok: true; value: A } | { ok: false; reason: string }>;
  /** Called when the deadline passes, before waiting for a decision (e.g. notify the CRM). */
  onDeadline: (status: DnsWaitStatus) => Promise<void>;
  /** Called after every change of the status (e.g. to refresh search attributes and the Web UI details). */
  onChange: (status: DnsWaitStatus) => void;
  /** Called when a decision extended the deadline, before the wait goes on (e.g. refresh the setup page link). */
  onExtended?: (status: DnsWaitStatus) => Promise<void>;
  /** When the wait began, if before this call (the caller handed out a link valid until the deadline from then). */
  startedAt?: number;
  /** The wait as an earlier run of this workflow left it when it continued as new: go on from there. */
  resume?: DnsWaitCarriedState;
  /**
   * Continue as new (with `state` in the next run's input) after this many checks in one run, or earlier when Temporal
   * suggests it. Only between two checks, in the back-off, with no handler running. `continueAsNew` never returns, or
   * returns undefined when the next run's input would not be valid (then this run goes on: a long history is better
   * than a next run that fails on its input).
   */
  continueAfter?: { checks: number; continueAsNew: (state: DnsWaitCarriedState) => Promise<never> | undefined };
}

export type DnsWaitOutcome<A> = { outcome: 'ACTIVATED'; value: A; status: DnsWaitStatus } | { outcome: 'CANCELLED'; decision: DnsDeadlineDecision; status: DnsWaitStatus };

/** patched() ID: from this version on, a DNS wait past its deadline shows as PartnerState DNS_DEADLINE_REACHED. */
export const DNS_DEADLINE_STATE_PATCH = 'dns-deadline-reached-state';

/**
 * The step (and so the PartnerState) of a workflow whose DNS wait reached its deadline and waits for a person's
 * decision: DNS_DEADLINE_REACHED, which operators list and alert on (lineworks_workflows_waiting). Runs that reached
 * a deadline before this version kept `before` (their history upserted that value): patched() keeps them so on replay.
 */
export function stepAtDnsDeadline<Before extends string>(before: Before): 'DNS_DEADLINE_REACHED' | Before {
  return patched(DNS_DEADLINE_STATE_PATCH) ? 'DNS_DEADLINE_REACHED' : before;
}

export function decisionProblems(decision: unknown): string[] {
  return schemaProblems(dnsDeadlineDecisionSchema, decision);
}

/** Change ID: a recheckDns signal received during a check is no longer cleared after it. */
export const DNS_RECHECK_KEPT_PATCH = 'dns-recheck-kept';

/** Change ID: a long DNS wait continues as new between two checks (runs started before it replay without). */
export const DNS_WAIT_CONTINUE_AS_NEW_PATCH = 'dns-wait-continue-as-new';

/** The status a continued run starts from: the one the earlier run showed when it continued. */
function resumedStatus(expected: ExpectedRecord[], resume: DnsWaitCarriedState): DnsWaitStatus {
  return {
    state: 'WAITING',
    expected,
    ...(resume.lastCheck ? { lastCheck: resume.lastCheck as DnsCheckResult } : {}),
    checks: resume.checks,
    ...(resume.lastCheckAt ? { lastCheckAt: resume.lastCheckAt } : {}),
    deadline: resume.deadline,
    ...(resume.seenAt ? { seenAt: resume.seenAt } : {}),
    activationAttempts: resume.activationAttempts,
    ...(resume.lastActivationError ? { lastActivationError: resume.lastActivationError } : {}),
  };
}

/** Change ID: an extension counts from when the decision was made, not from when the loop applies it. */
export const DNS_DECISION_TIME_PATCH = 'dns-decision-counts-from-decision';

/** The deadline an extension sets: `extendBy` after the decision was made. */
function extendedDeadline(decision: { extendBy: string }, decidedAt: number): number {
  return decidedAt + parseDuration(decision.extendBy)!;
}

/**
 * The wait as a decision leaves it, for the update's answer (the caller, the Web UI, partnerctl). A decision can come
 * while the deadline notification is still being handed over, before the loop applies it: the extension counts from
 * the decision (DNS_DECISION_TIME_PATCH), so the deadline answered is the one the loop sets.
 */
function decidedStatus(status: DnsWaitStatus, decision: DnsDeadlineDecision, decidedAt: number): DnsWaitStatus {
  if (decision.action === 'cancel') return { ...status, state: 'CANCELLED' };
  return { ...status, state: 'WAITING', deadline: new Date(extendedDeadline(decision, decidedAt)).toISOString() };
}

export async function waitForDnsThenActivate<A>(options: DnsWaitOptions<A>): Promise<DnsWaitOutcome<A>> {
  const { settings, resume } = options;
  const startedAt = resume ? Date.parse(resume.startedAt) : (options.startedAt ?? Date.now());
  let deadline = resume ? Date.parse(resume.deadline) : startedAt + settings.deadline;
  const status: DnsWaitStatus = resume
    ? resumedStatus(options.expected, resume)
    : { state: 'WAITING', expected: options.expected, checks: 0, deadline: new Date(deadline).toISOString(), activationAttempts: 0 };
  let checksThisRun = 0;
  /** False once the next run's input was found invalid: this run then waits to the end (asked once, logged once). */
  let mayContinue = true;
  let recheckRequested = false;
  let decision: DnsDeadlineDecision | undefined;
  let decidedAt = 0;

  setHandler(recheckDnsSignal, () => {
    recheckRequested = true;
  });
  setHandler(
    dnsDeadlineDecisionUpdate,
    (d) => {
      decision = d;
      decidedAt = Date.now();
      return decidedStatus(status, d, decidedAt);
    },
    {
      validator: (d) => {
        const problems = decisionProblems(d);
        if (status.state !== 'DEADLINE_REACHED') problems.push(`no decision is needed now: the DNS wait is ${status.state}, not DEADLINE_REACHED`);
        // The first decision stands: a second one before the loop applied it would silently replace it.
        else if (decision !== undefined) problems.push(`a decision (${decision.action} by ${decision.decidedBy}) is already being applied`);
        if (problems.length > 0) throw new Error(`dnsDeadlineDecision rejected: ${problems.join('; ')}`);
      },
    },
  );

  const changed = (state?: DnsWaitState) => {
    if (state) status.state = state;
    options.onChange(status);
  };

  // A recheckDns that arrives while a check runs is kept for the next wait (older runs replay the old behaviour, which
  // cleared it after the check and so lost it).
  const keepRecheckDuringCheck = patched(DNS_RECHECK_KEPT_PATCH);
  let interval = resume?.intervalMs ?? settings.initialInterval;
  for (;;) {
    if (keepRecheckDuringCheck) recheckRequested = false;
    // Check now (records may already be there on a re-run), then back off.
    const check = await dns.checkDnsRecords({
      domain: options.domain,
      records: options.expected,
      includeRecursive: Date.now() - startedAt >= settings.recursiveAfter,
    });
    status.checks += 1;
    checksThisRun += 1;
    status.lastCheck = check;
    status.lastCheckAt = new Date(Date.now()).toISOString();
    changed();

    if (check.ownershipVisible && check.mailVisible) {
      status.seenAt ??= status.lastCheckAt;
      // A passing check is not proof the verifier agrees yet (anycast, provider lag): wait a grace period first.
      changed('GRACE');
      await sleep(settings.grace);
      changed('ACTIVATING');
      status.activationAttempts += 1;
      const activation = await options.activate();
      if (activation.ok) {
        status.lastActivationError = undefined;
        status.nextCheckAt = undefined;
        changed('DONE');
        return { outcome: 'ACTIVATED', value: activation.value, status };
      }
      status.lastActivationError = activation.reason;
      changed('WAITING');
    }

    if (Date.now() >= deadline) {
      status.nextCheckAt = undefined;
      changed('DEADLINE_REACHED');
      await options.onDeadline(status);
      await condition(() => decision !== undefined);
      const made = decision!;
      decision = undefined;
      if (made.action === 'cancel') {
        changed('CANCELLED');
        return { outcome: 'CANCELLED', decision: made, status };
      }
      deadline = extendedDeadline(made, patched(DNS_DECISION_TIME_PATCH) ? decidedAt : Date.now());
      status.deadline = new Date(deadline).toISOString();
      interval = settings.initialInterval;
      await options.onExtended?.(status);
      changed('WAITING');
    }

    const wait = Math.max(1_000, Math.min(interval, deadline - Date.now()));
    status.nextCheckAt = new Date(Date.now() + wait).toISOString();
    changed();
    if (!keepRecheckDuringCheck) recheckRequested = false;
    await condition(() => recheckRequested, wait);
    interval = Math.min(interval * 2, settings.maxInterval);

    // The next step is a check, so the next run starts with it: a recheckDns that came during the back-off is served
    // by that check (the signal that arrives with the continue makes the server hand the task back, and is seen).
    const continueAfter = mayContinue ? options.continueAfter : undefined;
    if (continueAfter && (checksThisRun >= continueAfter.checks || workflowInfo().continueAsNewSuggested) && patched(DNS_WAIT_CONTINUE_AS_NEW_PATCH)) {
      await condition(allHandlersFinished);
      const continued = continueAfter.continueAsNew({
        run: (resume?.run ?? 1) + 1,
        startedAt: new Date(startedAt).toISOString(),
        deadline: status.deadline,
        checks: status.checks,
        intervalMs: interval,
        ...(status.seenAt ? { seenAt: status.seenAt } : {}),
        ...(status.lastCheckAt ? { lastCheckAt: status.lastCheckAt } : {}),
        // The check result as it was (the carry-over schema checks its shape and lets any other field through).
        ...(carriedCheck(status.lastCheck) ? { lastCheck: status.lastCheck as unknown as NonNullable<DnsWaitCarriedState['lastCheck']> } : {}),
        activationAttempts: status.activationAttempts,
        ...(status.lastActivationError ? { lastActivationError: carriedText(status.lastActivationError) } : {}),
      });
      if (continued) return continued;
      mayContinue = false;
    }
  }
}

/**
 * What still keeps the wait going after a check, record by record: the ownership records (TXT or CNAME, either one
 * will do) while neither is visible, and every mail record not visible. A wrong value says what was found instead.
 */
export function missingDnsRecords(check: DnsCheckResult | undefined): string[] {
  if (!check) return [];
  const describe = (r: DnsCheckResult['records'][number]) => {
    const authoritative = r.servers.filter((s) => s.kind === 'authoritative');
    const found = [...new Set(authoritative.flatMap((s) => s.found))];
    const wanted = `${r.record.type} ${r.record.host} ${r.record.priority !== undefined ? `${r.record.priority} ` : ''}${r.record.value}`;
    // Right on some servers only: still propagating, so name the servers that do not answer with it yet.
    const lacking = authoritative.filter((s) => !s.matches).map((s) => s.server);
    if (lacking.length > 0 && lacking.length < authoritative.length) return `${wanted} (not yet on ${lacking.join(', ')})`;
    return found.length > 0 ? `${wanted} (found ${found.join(', ')})` : wanted;
  };
  const ownership = check.records.filter((r) => r.record.purpose === 'ownership');
  const mail = check.records.filter((r) => r.record.purpose === 'mail' && !r.visible);
  const missingOwnership = check.ownershipVisible || ownership.length === 0 ? [] : [ownership.map(describe).join(' or ')];
  return [...missingOwnership, ...mail.map(describe)];
}

/** One line for people: what the wait is doing, and which records it still misses. */
export function describeDnsWait(status: DnsWaitStatus, now: number): string {
  const next = status.nextCheckAt ? `next check in ${formatDuration(Math.max(0, Date.parse(status.nextCheckAt) - now))}` : '';
  const seen = status.lastCheck ? status.lastCheck.records.filter((r) => r.visible).length : 0;
  const missing = status.state === 'WAITING' ? missingDnsRecords(status.lastCheck) : [];
  return [
    `${status.state}: ${seen}/${status.expected.length} records visible on all authoritative servers after ${status.checks} checks`,
    missing.length > 0 ? `missing: ${missing.join('; ')}` : '',
    next,
  ]
    .filter(Boolean)
    .join('; ');
}
