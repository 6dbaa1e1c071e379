// One pino logger for the whole process. JSON lines; secrets are redacted wherever they appear in log objects.
// Inside an activity every line also names its workflow ID, run ID and activity type, so it leads to the run in the Web UI.
import { asyncLocalStorage as activityContext } from '@temporalio/activity';
import { pino, type Logger, type LoggerOptions } from 'pino';

/** Paths pino blanks out: auth headers, tokens and key material, at the top level and one or two levels down. */
export const REDACT_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'request.headers.authorization',
  '*.authorization',
  '*.headers.authorization',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'partnerCode',
  'clientSecret',
  'client_secret',
  'privateKey',
  'assertion',
  'password',
  '*.accessToken',
  '*.access_token',
  '*.refresh_token',
  '*.refreshToken',
  '*.partnerCode',
  '*.clientSecret',
  '*.client_secret',
  '*.privateKey',
  '*.assertion',
  '*.password',
  // HMAC secrets in configuration objects (the setup page's, the CRM's), should one be logged whole.
  'secret',
  '*.secret',
  '*.*.secret',
];

/** The running activity's workflow ID, run ID and activity type; nothing outside an activity. */
export function activityLogFields(): Record<string, string> {
  const info = activityContext.getStore()?.info;
  if (!info) return {};
  return {
    ...(info.workflowExecution ? { workflowId: info.workflowExecution.workflowId, runId: info.workflowExecution.runId } : {}),
    activityType: info.activityType,
  };
}

export function createLogger(options: LoggerOptions = {}, destination?: pino.DestinationStream): Logger {
  const merged: LoggerOptions = {
    level: process.env.LOG_LEVEL || 'info',
    base: { service: 'lineworks-partner-workflows' },
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
    mixin: activityLogFields,
    ...options,
  };
  return destination ? pino(merged, destination) : pino(merged);
}

export type { Logger };
