// Configuration of the CRM triggers (webhook, notifications, reports, schedules) from environment variables.
// Kept next to the webhook and validated like config/env.ts: every problem names its variable, all are reported
// at once, and secret values are never echoed.
import path from 'node:path';
import { ConfigError } from './env.js';

type Env = Record<string, string | undefined>;

/** Where CRM notifications go (read by the notification and report activities). */
export interface NotifyConfig {
  /** The CRM endpoint that receives our notifications. */
  callbackUrl: string;
  /** Shared HMAC secret (CRM_CALLBACK_SECRET, default CRM_WEBHOOK_SECRET). Never logged, never in workflow history. */
  secret: string;
  /** Whole-request timeout in ms. Default 10000. */
  timeoutMs?: number;
}

/** Where reports go and where the CRM's last-known state is kept (read by the report activities). */
export interface ReportConfig {
  /** Where report files go. Default `.data/reports`. */
  dir?: string;
  /** The CRM state file written by the webhook. Default `.data/crm-state.json`. */
  crmStateFile?: string;
}

export interface TriggersConfig {
  webhook: {
    /** CRM_WEBHOOK_SECRET; the receiver runs only when it is set. */
    secret?: string;
    port: number;
    host: string;
    toleranceSeconds: number;
    bodyLimitBytes: number;
  };
  /** Undefined when CRM_CALLBACK_URL is not set: notifications are then reported as not delivered. */
  notify?: NotifyConfig;
  reports: Required<ReportConfig>;
  /** SCHEDULES_ENABLED=false lets extra workers skip creating the schedules. */
  schedulesEnabled: boolean;
}

/** HMAC keys shorter than this are guessable; 32 characters is what `openssl rand -hex 16` gives. */
const MIN_SECRET_LENGTH = 32;

function positiveInt(env: Env, name: string, fallback: number, problems: string[], max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    problems.push(`${name}=${raw} must be a whole number from 1 to ${max}`);
    return fallback;
  }
  return value;
}

function secret(env: Env, name: string, problems: string[]): string | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  if (value.length < MIN_SECRET_LENGTH) problems.push(`${name} must be at least ${MIN_SECRET_LENGTH} characters (value not shown)`);
  return value;
}

export function loadTriggersConfig(env: Env = process.env): TriggersConfig {
  const problems: string[] = [];
  const dataDir = env.DATA_DIR || '.data';
  const webhookSecret = secret(env, 'CRM_WEBHOOK_SECRET', problems);
  const callbackSecret = secret(env, 'CRM_CALLBACK_SECRET', problems) ?? webhookSecret;

  let notify: NotifyConfig | undefined;
  const callbackUrl = env.CRM_CALLBACK_URL;
  if (callbackUrl) {
    let valid = false;
    try {
      valid = ['http:', 'https:'].includes(new URL(callbackUrl).protocol);
    } catch {
      valid = false;
    }
    if (!valid) problems.push(`CRM_CALLBACK_URL=${callbackUrl} is not an http(s) URL`);
    else if (!callbackSecret) problems.push('CRM_CALLBACK_URL needs CRM_CALLBACK_SECRET or CRM_WEBHOOK_SECRET to sign notifications');
    else notify = { callbackUrl, secret: callbackSecret, timeoutMs: positiveInt(env, 'CRM_CALLBACK_TIMEOUT_MS', 10_000, problems) };
  }

  const schedules = (env.SCHEDULES_ENABLED ?? 'true').toLowerCase();
  if (!['true', 'false', '1', '0'].includes(schedules)) problems.push(`SCHEDULES_ENABLED=${env.SCHEDULES_ENABLED} must be true or false`);

  const config: TriggersConfig = {
    webhook: {
      secret: webhookSecret,
      port: positiveInt(env, 'WEBHOOK_PORT', 8091, problems, 65535),
      host: env.WEBHOOK_HOST || '127.0.0.1',
      toleranceSeconds: positiveInt(env, 'WEBHOOK_TOLERANCE_SECONDS', 300, problems, 86_400),
      bodyLimitBytes: positiveInt(env, 'WEBHOOK_BODY_LIMIT_BYTES', 65_536, problems, 10 * 1024 * 1024),
    },
    notify,
    reports: {
      dir: env.REPORTS_DIR || path.join(dataDir, 'reports'),
      crmStateFile: env.CRM_STATE_FILE || path.join(dataDir, 'crm-state.json'),
    },
    schedulesEnabled: schedules === 'true' || schedules === '1',
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
