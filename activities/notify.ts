// Notifications back to the CRM: a signed JSON POST to its callback URL, the same envelope and signature as the
// CRM's webhook events to us (crm/signature.ts, docs/webhook.md). got's retry is off: Temporal retries the
// activity, and the stable notification `id` lets the CRM drop a repeat delivery.
import { ApplicationFailure, Context } from '@temporalio/activity';
import got, { RequestError } from 'got';
import { signatureHeaders } from '../crm/signature.js';
import { activitySignal } from './failures.js';
import type { NotifyConfig } from '../config/triggers.js';

/** What workflows send, e.g. `{ type: 'onboarding.dns_records', data: { domain, records } }`. */
export interface CrmNotification {
  type: string;
  data: Record<string, unknown>;
  /** Stable ID for the CRM's de-duplication. Default: derived from the workflow run and activity ID (same on retries). */
  id?: string;
}

export type NotifyResult = { delivered: true; id: string; status: number } | { delivered: false; id: string; reason: string };

/** The envelope we POST, matching the inbound event format (specVersion 1). */
export interface CrmEnvelope {
  specVersion: '1';
  id: string;
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

export class CrmCallbackError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'CrmCallbackError';
  }
}

/** POSTs one signed envelope. Throws CrmCallbackError (retryable for network errors, 408, 429 and 5xx). */
export async function postSignedEnvelope(config: NotifyConfig, envelope: CrmEnvelope, signal?: AbortSignal): Promise<number> {
  const body = JSON.stringify(envelope);
  let response;
  try {
    response = await got.post(config.callbackUrl, {
      body,
      headers: { 'content-type': 'application/json', ...signatureHeaders(config.secret, body) },
      retry: { limit: 0 },
      timeout: { request: config.timeoutMs ?? 10_000 },
      throwHttpErrors: false,
      followRedirect: false,
      signal,
    });
  } catch (err) {
    const reason = err instanceof RequestError ? `${err.code}: ${err.message}` : String(err);
    throw new CrmCallbackError(`CRM callback ${envelope.type} (${envelope.id}) not delivered: ${reason}`, undefined, true);
  }
  const status = response.statusCode;
  if (status >= 200 && status < 300) return status;
  const retryable = status === 408 || status === 429 || status >= 500;
  throw new CrmCallbackError(`CRM callback ${envelope.type} (${envelope.id}) answered HTTP ${status}`, status, retryable);
}

function defaultNotificationId(type: string): string {
  const info = Context.current().info;
  const run = info.workflowExecution;
  return `${run ? `${run.workflowId}/${run.runId}` : 'standalone'}/${info.activityId}/${type}`;
}

/**
 * A CrmCallbackError as the Temporal failure that tells the retry policy what to do (4xx final, the rest retried).
 * When the activity itself was cancelled, the cancellation is reported as such, not as an undelivered callback.
 */
export function crmCallbackFailure(err: unknown): unknown {
  const signal = activitySignal();
  if (signal?.aborted) return signal.reason;
  if (!(err instanceof CrmCallbackError)) return err;
  return ApplicationFailure.create({ type: 'ERR_CRM_CALLBACK', message: err.message, nonRetryable: !err.retryable, details: [{ status: err.status }] });
}

export function createNotifyActivities(config?: NotifyConfig) {
  return {
    /** Sends a notification to the CRM. Without CRM_CALLBACK_URL it reports "not delivered" instead of failing the workflow. */
    async notifyCrm(notification: CrmNotification): Promise<NotifyResult> {
      const id = notification.id ?? defaultNotificationId(notification.type);
      if (!config) return { delivered: false, id, reason: 'no CRM callback configured (CRM_CALLBACK_URL)' };
      const envelope: CrmEnvelope = { specVersion: '1', id, type: notification.type, occurredAt: new Date().toISOString(), data: notification.data };
      try {
        return { delivered: true, id, status: await postSignedEnvelope(config, envelope, activitySignal()) };
      } catch (err) {
        throw crmCallbackFailure(err);
      }
    },
  };
}
