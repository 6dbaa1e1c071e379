// Configuration of the CRM triggers (webhook, notifications, reports, schedules) from environment variables, one zod
// schema as in config/env.ts (TriggersConfig is inferred from it): every problem names its variable, all are reported
// at once, and secret values are never echoed.
import path from 'node:path';
import { z } from 'zod';
import { always, flag, hmacSecret, httpUrl, oneOf, parseEnv, textOr, wholeNumberUpTo, text, type Env } from './env-schema.js';

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
  /** The CRM state file written by the webhook (CRM_STATE_STORE=file). Default `.data/crm-state.json`. */
  crmStateFile?: string;
  /** Where the CRM state lives (CRM_STATE_STORE). Default `temporal`. */
  crmStateStore?: 'temporal' | 'file';
}

const MINUTE_MS = 60_000;

/** How the webhook server treats slow and idle connections, unless configured otherwise (docs/webhook.md "Limits"). */
export const DEFAULT_WEBHOOK_LIMITS = {
  /** The request line and headers must arrive within this; a slower client gets 408 and is disconnected. */
  headersTimeoutMs: 5_000,
  /** The whole request (headers and body) must arrive within this. */
  requestTimeoutMs: 10_000,
  /** A connection on which nothing arrives for this long is closed. */
  idleTimeoutMs: 10_000,
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: 5_000,
  /** Larger request headers are refused with 431. */
  maxHeaderBytes: 8_192,
} as const;

const variables = z.object({
  DATA_DIR: textOr('.data'),
  CRM_WEBHOOK_SECRET: hmacSecret(),
  WEBHOOK_PORT: wholeNumberUpTo(65535, 8091),
  WEBHOOK_HOST: textOr('127.0.0.1'),
  WEBHOOK_TOLERANCE_SECONDS: wholeNumberUpTo(86_400, 300),
  WEBHOOK_BODY_LIMIT_BYTES: wholeNumberUpTo(10 * 1024 * 1024, 65_536),
  // Slow or idle clients are cut off (docs/webhook.md "Limits"): a CRM sends a small event in well under a second.
  WEBHOOK_HEADERS_TIMEOUT_MS: wholeNumberUpTo(10 * MINUTE_MS, DEFAULT_WEBHOOK_LIMITS.headersTimeoutMs),
  WEBHOOK_REQUEST_TIMEOUT_MS: wholeNumberUpTo(10 * MINUTE_MS, DEFAULT_WEBHOOK_LIMITS.requestTimeoutMs),
  WEBHOOK_IDLE_TIMEOUT_MS: wholeNumberUpTo(10 * MINUTE_MS, DEFAULT_WEBHOOK_LIMITS.idleTimeoutMs),
  WEBHOOK_KEEP_ALIVE_TIMEOUT_MS: wholeNumberUpTo(10 * MINUTE_MS, DEFAULT_WEBHOOK_LIMITS.keepAliveTimeoutMs),
  WEBHOOK_MAX_HEADER_BYTES: wholeNumberUpTo(1024 * 1024, DEFAULT_WEBHOOK_LIMITS.maxHeaderBytes),
  CRM_CALLBACK_URL: httpUrl(),
  CRM_CALLBACK_SECRET: hmacSecret(),
  CRM_CALLBACK_TIMEOUT_MS: wholeNumberUpTo(10 * MINUTE_MS, 10_000),
  REPORTS_DIR: text(),
  CRM_STATE_FILE: text(),
  // Where the CRM's last-known state lives: in Temporal (every host sees it) or a file on this host.
  CRM_STATE_STORE: oneOf(['temporal', 'file'] as const, 'temporal'),
  SCHEDULES_ENABLED: flag(true),
});

type Variables = z.output<typeof variables>;

function checkCombinations(v: Variables, ctx: z.RefinementCtx): void {
  if (v.CRM_CALLBACK_URL && !(v.CRM_CALLBACK_SECRET ?? v.CRM_WEBHOOK_SECRET)) {
    ctx.addIssue({ code: 'custom', path: [], message: 'CRM_CALLBACK_URL needs CRM_CALLBACK_SECRET or CRM_WEBHOOK_SECRET to sign notifications' });
  }
  // Node refuses a headers timeout longer than the whole-request timeout.
  if (v.WEBHOOK_HEADERS_TIMEOUT_MS > v.WEBHOOK_REQUEST_TIMEOUT_MS) {
    ctx.addIssue({ code: 'custom', path: [], message: 'WEBHOOK_HEADERS_TIMEOUT_MS must not be longer than WEBHOOK_REQUEST_TIMEOUT_MS' });
  }
}

const triggersConfigSchema = variables.superRefine(checkCombinations, always).transform((v) => {
  const callbackSecret = v.CRM_CALLBACK_SECRET ?? v.CRM_WEBHOOK_SECRET;
  return {
    webhook: {
      /** CRM_WEBHOOK_SECRET; the receiver runs only when it is set. */
      secret: v.CRM_WEBHOOK_SECRET,
      port: v.WEBHOOK_PORT,
      host: v.WEBHOOK_HOST,
      toleranceSeconds: v.WEBHOOK_TOLERANCE_SECONDS,
      bodyLimitBytes: v.WEBHOOK_BODY_LIMIT_BYTES,
      /** How the server treats slow and idle connections (webhook/server-options.ts). */
      limits: {
        headersTimeoutMs: v.WEBHOOK_HEADERS_TIMEOUT_MS,
        requestTimeoutMs: v.WEBHOOK_REQUEST_TIMEOUT_MS,
        idleTimeoutMs: v.WEBHOOK_IDLE_TIMEOUT_MS,
        keepAliveTimeoutMs: v.WEBHOOK_KEEP_ALIVE_TIMEOUT_MS,
        maxHeaderBytes: v.WEBHOOK_MAX_HEADER_BYTES,
      },
    },
    /** Undefined when CRM_CALLBACK_URL is not set: notifications are then reported as not delivered. */
    notify:
      v.CRM_CALLBACK_URL && callbackSecret
        ? ({ callbackUrl: v.CRM_CALLBACK_URL, secret: callbackSecret, timeoutMs: v.CRM_CALLBACK_TIMEOUT_MS } satisfies NotifyConfig)
        : undefined,
    reports: {
      dir: v.REPORTS_DIR ?? path.join(v.DATA_DIR, 'reports'),
      crmStateFile: v.CRM_STATE_FILE ?? path.join(v.DATA_DIR, 'crm-state.json'),
      /** temporal: the crmLastKnownState workflow (every webhook and worker sees it); file: crmStateFile on this host. */
      crmStateStore: v.CRM_STATE_STORE,
    } satisfies Required<ReportConfig>,
    /** SCHEDULES_ENABLED=false lets extra workers skip creating the schedules. */
    schedulesEnabled: v.SCHEDULES_ENABLED,
  };
});

export type TriggersConfig = z.output<typeof triggersConfigSchema>;
export type WebhookLimits = { [K in keyof typeof DEFAULT_WEBHOOK_LIMITS]: number };

/** Names of every variable this module reads (the README test checks each is documented). */
export const TRIGGER_VARIABLES: readonly string[] = Object.keys(variables.shape);

export function loadTriggersConfig(env: Env = process.env): TriggersConfig {
  return parseEnv(triggersConfigSchema, env);
}
