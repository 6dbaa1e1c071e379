// Metrics read from what activities are asked and what they answer, in an activity interceptor: the activities stay
// free of metrics code, and every worker counts the same way.
//   - DNS checks (checkDnsRecords) by result;
//   - time from the DNS records handed out (the notifyCrm of `*.dns_records`) to activation (activateCustomer or
//     changeDomainIfVerified succeeding), kept in this worker's memory: a worker restart during the wait loses that
//     one sample, not the metric;
//   - guarded writes (applyPlannedCall): applied, already applied, or an unclear end that waits to re-read (settle);
//   - CRM notifications (notifyCrm) delivered, failed (Temporal retries them) and the undelivered backlog.
import type { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, ActivityInterceptorsFactory, Next } from '@temporalio/worker';
import type { AppMetrics } from './metrics.js';

interface Shapes {
  checkDnsRecords: { ownershipVisible?: boolean; mailVisible?: boolean; problems?: unknown[] };
  notifyCrm: { delivered?: boolean };
  activation: { activated?: boolean; changed?: boolean };
  guarded: { operationId?: string; outcome?: string };
}

/** Per-worker state the metrics need between activities (shared by every activity this worker runs). */
export class ActivityMetricsState {
  /**
   * domainId → when its DNS records were handed out (ms since the epoch). By domainId, not workflow: the notification
   * is sent by its own delivery workflow (workflows/notifications/), the activation by the onboarding or domain change.
   */
  readonly dnsHandedOut = new Map<number, number>();
  /** Notifications whose last attempt failed: their ID (workflowId/activityId for one without). */
  readonly undelivered = new Set<string>();
}

class MetricsInterceptor implements ActivityInboundCallsInterceptor {
  constructor(
    private readonly ctx: Context,
    private readonly metrics: AppMetrics,
    private readonly state: ActivityMetricsState,
  ) {}

  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const { activityType, activityId, workflowExecution } = this.ctx.info;
    // Standalone activities have no workflow; the key then is the activity alone.
    const workflowId = workflowExecution?.workflowId ?? '';
    const [first] = input.args as [Record<string, unknown> | undefined];
    const handedOutDomain = (first?.data as { domainId?: unknown } | undefined)?.domainId;
    if (activityType === 'notifyCrm' && typeof first?.type === 'string' && first.type.endsWith('.dns_records') && typeof handedOutDomain === 'number' && !this.state.dnsHandedOut.has(handedOutDomain)) {
      this.state.dnsHandedOut.set(handedOutDomain, Date.now());
    }
    // A notification is one item of the backlog across its attempts: each retry of a detached delivery
    // (workflows/notifications/) is a new activity, so the notification's ID is the key when it has one.
    const key = activityType === 'notifyCrm' && typeof first?.id === 'string' ? first.id : `${workflowId}/${activityId}`;
    try {
      const result = await next(input);
      this.#succeeded(activityType, key, input.args[0], first, result);
      return result;
    } catch (err) {
      this.#failed(activityType, key, first, err);
      throw err;
    }
  }

  #succeeded(activityType: string, key: string, firstArg: unknown, first: Record<string, unknown> | undefined, result: unknown): void {
    const m = this.metrics;
    if (activityType === 'checkDnsRecords') {
      const check = (result ?? {}) as Shapes['checkDnsRecords'];
      m.dnsChecks.inc({ result: check.ownershipVisible && check.mailVisible ? 'propagated' : 'not_yet' });
    } else if (activityType === 'notifyCrm') {
      const delivered = ((result ?? {}) as Shapes['notifyCrm']).delivered === true;
      m.notifications.inc({ type: String(first?.type ?? 'unknown'), outcome: delivered ? 'delivered' : 'not_configured' });
      this.state.undelivered.delete(key);
      m.notificationsUndelivered.set(this.state.undelivered.size);
    } else if (activityType === 'activateCustomer' || activityType === 'changeDomainIfVerified') {
      const activation = (result ?? {}) as Shapes['activation'];
      // Both take the domainId first.
      const domainId = firstArg as number;
      const handedOut = this.state.dnsHandedOut.get(domainId);
      if ((activation.activated || activation.changed) && handedOut !== undefined) {
        m.dnsWaitToActivation.observe((Date.now() - handedOut) / 1000);
        this.state.dnsHandedOut.delete(domainId);
      }
    } else if (activityType === 'applyPlannedCall') {
      const outcome = (result ?? {}) as Shapes['guarded'];
      m.guardedWrites.inc({ operation: String(outcome.operationId ?? first?.operationId ?? 'unknown'), outcome: outcome.outcome === 'ALREADY_APPLIED' ? 'already_applied' : 'applied' });
    }
  }

  #failed(activityType: string, key: string, first: Record<string, unknown> | undefined, err: unknown): void {
    const m = this.metrics;
    if (activityType === 'checkDnsRecords') m.dnsChecks.inc({ result: 'error' });
    else if (activityType === 'notifyCrm') {
      m.notifications.inc({ type: String(first?.type ?? 'unknown'), outcome: 'failed' });
      this.state.undelivered.add(key);
      m.notificationsUndelivered.set(this.state.undelivered.size);
    } else if (activityType === 'applyPlannedCall' && err instanceof ApplicationFailure && err.nextRetryDelay !== undefined) {
      // An unclear end (timeout, 5xx after sending): the next attempt waits the settle delay and re-reads first.
      m.guardedWrites.inc({ operation: String(first?.operationId ?? 'unknown'), outcome: 'settle_wait' });
    }
  }
}

export function activityMetrics(metrics: AppMetrics, state = new ActivityMetricsState()): ActivityInterceptorsFactory {
  return (ctx) => ({ inbound: new MetricsInterceptor(ctx, metrics, state) });
}
