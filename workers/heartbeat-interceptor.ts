// Every activity heartbeats while it runs (activities/heartbeat.ts), so the policies' short heartbeatTimeout
// (workflows/activity-options.ts) notices a dead worker in seconds, whatever the activity waits on.
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, Next } from '@temporalio/worker';
import { keepAlive } from '../activities/heartbeat.js';

export class HeartbeatInterceptor implements ActivityInboundCallsInterceptor {
  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const stop = keepAlive();
    try {
      return await next(input);
    } finally {
      stop();
    }
  }
}
