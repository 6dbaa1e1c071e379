// The chaos run's journal oracle. Every write a workflow of the mix must make is named with the journal entries that
// are it; each must be committed exactly once. "Committed" reads the simulator's fault labels: a plain 2xx, or a
// call applied under a fault that hid it from the client (lateCommit, commitThenFail/error, commitThenFail/drop). A
// duplicate or a loss is reported with the faults its calls met, so each one is explained by what was injected.
import { COMMITTED_UNDER_FAULT, type JournalEntry } from '../../simulator/state.js';

/** One write a workflow must make exactly once, and how to find its calls in the journal. */
export interface ExpectedWrite {
  workflowId: string;
  operation: string;
  /** For the report: what the write is. */
  label: string;
  matches: (entry: JournalEntry) => boolean;
}

export interface WriteVerdict {
  duplicates: number;
  lost: number;
  failures: string[];
}

const ok = (status: number) => status >= 200 && status < 300;

/** True when the call changed the simulator's state (the client may not have seen it). */
export function committed(entry: JournalEntry): boolean {
  if (entry.faultKind && COMMITTED_UNDER_FAULT.includes(entry.faultKind)) return true;
  return (entry.faultKind === undefined || entry.faultKind === 'slow') && ok(entry.status);
}

/** Calls to the customer with this domainId (its own path or a path below it). */
export function onCustomer(domainId: number): (entry: JournalEntry) => boolean {
  const own = new RegExp(`/customers/${domainId}(/|$|\\?)`);
  return (entry) => own.test(entry.path);
}

/** Each expected write committed once; a missing one counts only when its workflow completed (else it failed/stuck). */
export function checkWrites(journal: JournalEntry[], expected: ExpectedWrite[], completed: (workflowId: string) => boolean): WriteVerdict {
  const verdict: WriteVerdict = { duplicates: 0, lost: 0, failures: [] };
  for (const write of expected) {
    const calls = journal.filter((e) => e.operation === write.operation && write.matches(e));
    const times = calls.filter(committed).length;
    const faults = calls.flatMap((e) => (e.fault ? [e.fault] : []));
    const met = `faults on its ${calls.length} call(s): ${faults.join('; ') || 'none'}`;
    if (times > 1) {
      verdict.duplicates += times - 1;
      verdict.failures.push(`${write.label} (${write.workflowId}): committed ${times} times (${met})`);
    } else if (times === 0 && completed(write.workflowId)) {
      verdict.lost += 1;
      verdict.failures.push(`${write.label} (${write.workflowId}): never committed though the workflow completed (${met})`);
    }
  }
  return verdict;
}

/** Injected faults by kind: on every call, and on writes only (those the exactly-once rule is about). */
export function faultCounts(journal: JournalEntry[]): { all: Record<string, number>; onWrites: Record<string, number> } {
  const all: Record<string, number> = {};
  const onWrites: Record<string, number> = {};
  for (const e of journal) {
    if (!e.faultKind) continue;
    all[e.faultKind] = (all[e.faultKind] ?? 0) + 1;
    if (e.method !== 'GET') onWrites[e.faultKind] = (onWrites[e.faultKind] ?? 0) + 1;
  }
  return { all, onWrites };
}
