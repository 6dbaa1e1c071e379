// Heartbeats for every activity, so a worker that dies is noticed within the policy's heartbeatTimeout (seconds)
// instead of the whole start-to-close timeout. The worker's interceptor (workers/heartbeat-interceptor.ts) calls
// keepAlive around each activity; an activity that records details (recordHeartbeat) has them re-sent with each
// beat, so the next attempt reads them (activityInfo().heartbeatDetails) even after a crash.
import { Context } from '@temporalio/activity';

/** How often a running activity heartbeats; the policies' heartbeatTimeout is several times this. */
export const HEARTBEAT_INTERVAL_MS = 3_000;

const recorded = new WeakMap<Context, unknown>();

function currentContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined; // called outside an activity (unit calls)
  }
}

/** Records `details` for this attempt and heartbeats them at once; a no-op outside an activity. */
export function recordHeartbeat(details: unknown): void {
  const context = currentContext();
  if (!context) return;
  recorded.set(context, details);
  context.heartbeat(details);
}

/** Heartbeats the current activity (with its recorded details) until the returned function is called. */
export function keepAlive(intervalMs = HEARTBEAT_INTERVAL_MS): () => void {
  const context = currentContext();
  if (!context) return () => {};
  const timer = setInterval(() => context.heartbeat(recorded.get(context)), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
