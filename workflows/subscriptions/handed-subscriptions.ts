// State a caller hands to a change: the customer's subscription list as bulkChange's selection read it moments
// before, so the change's first plan need not list them again (at the API's per-operation limit, listSubscriptions
// is a batch's busiest operation). It was read before the change took the customer's turn: it is used only while
// fresh, only for planning, and any write whose exactly-once check reads the subscriptions still reads them.
import type { Subscription } from '../../domain/subscriptions/subscription-products.js';
import type { TurnGrant } from '../customer-lock.js';

/** The customer's subscriptions as a caller read them, and when (the caller's workflow time once it had them). */
export interface HandedSubscriptions {
  subscriptions: Subscription[];
  readAtMs: number;
}

/** Handed-in state older than this is read again. */
export const HANDED_STATE_MAX_AGE_MS = 60_000;

/** The handed-in list of customer `domainId` to plan on, or undefined to read it (none, malformed, another customer's, old). */
export function freshHandedList(domainId: number, handed: HandedSubscriptions | undefined): Subscription[] | undefined {
  if (!handed || typeof handed.readAtMs !== 'number' || !Array.isArray(handed.subscriptions)) return undefined;
  if (handed.subscriptions.some((s) => s?.domainId !== undefined && s.domainId !== domainId)) return undefined;
  if (Date.now() - handed.readAtMs > HANDED_STATE_MAX_AGE_MS) return undefined;
  return handed.subscriptions;
}

/** Clocks of workers and of the lock's workflow tasks may differ a little: a read this close to a release is not "after". */
export const RELEASE_CLOCK_MARGIN_MS = 5_000;

/**
 * Was the handed list read after the customer's last change through its turn lock ended? Then no change of ours can
 * have come between the read and this change's turn, and the list is as good as a read under the turn (changes made
 * outside this service, in the same seconds, are the same risk as for any read before a write). Unknown (a lock of
 * an older version, or no turn) counts as no.
 */
export function readAfterLastChange(handed: HandedSubscriptions, turn: TurnGrant | undefined): boolean {
  if (turn?.lastReleasedAtMs === undefined) return false;
  return turn.lastReleasedAtMs === null || handed.readAtMs > turn.lastReleasedAtMs + RELEASE_CLOCK_MARGIN_MS;
}
