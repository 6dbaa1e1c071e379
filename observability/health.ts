// Readiness of a process that needs the Temporal server: the worker (ready once it polls its task queue, not ready
// while the server cannot be reached) and the webhook (ready while the server can be reached). Liveness is simpler:
// the process answers HTTP (observability/http-server.ts).
import type { Worker } from '@temporalio/worker';

export interface Readiness {
  ready: boolean;
  /** Why not, or what was checked. */
  reason: string;
}

/** Anything whose workflow service answers GetSystemInfo with a deadline: a NativeConnection or a client Connection. */
export interface ServerProbeTarget {
  withDeadline<T>(deadline: number | Date, fn: () => Promise<T>): Promise<T>;
  workflowService: { getSystemInfo(request: object): Promise<unknown> };
}

/** Asks the Temporal frontend a cheap question, bounded by `timeoutMs`. */
export async function serverReachable(connection: ServerProbeTarget, timeoutMs = 2_000): Promise<Readiness> {
  try {
    await connection.withDeadline(Date.now() + timeoutMs, () => connection.workflowService.getSystemInfo({}));
    return { ready: true, reason: 'Temporal server reachable' };
  } catch (err) {
    return { ready: false, reason: `Temporal server not reachable: ${(err as Error).message}` };
  }
}

/** Ready when the worker exists, is RUNNING (polling) and the server answers. `worker` is a getter: it is created later. */
export function workerReadiness(worker: () => Pick<Worker, 'getState'> | undefined, connection: () => ServerProbeTarget | undefined, timeoutMs?: number) {
  return async (): Promise<Readiness> => {
    const current = worker();
    const state = current?.getState() ?? 'NOT_CREATED';
    if (state !== 'RUNNING') return { ready: false, reason: `worker ${state.toLowerCase()}` };
    const target = connection();
    if (!target) return { ready: false, reason: 'no Temporal connection' };
    const server = await serverReachable(target, timeoutMs);
    return server.ready ? { ready: true, reason: 'worker polling, Temporal server reachable' } : server;
  };
}
