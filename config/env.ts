// Service configuration from environment variables, validated at start by one zod schema (the ServiceConfig type is
// inferred from it). Every problem names the variable at fault, all are reported at once, secrets are never echoed
// (config/env-schema.ts).
import { z } from 'zod';
import { loadTemporalProfile, type TemporalProfile } from './temporal-profile.js';
import { always, flag, httpUrl, list, oneOf, optionalPositiveNumber, optionalWholeNumber, parseEnv, port, positiveInt, text, textOr, timeZone, wholeNumberUpTo, type Env } from './env-schema.js';

export { ConfigError } from './env-schema.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const IP_WITH_OPTIONAL_PORT = /^(\d{1,3}(\.\d{1,3}){3}(:\d+)?|\[?[0-9a-fA-F:]+\]?(:\d+)?)$/;

/** TEMPORAL_PAYLOAD_KEY: 32 random bytes, base64 (e.g. `openssl rand -base64 32`). The value is never echoed. */
const payloadKey = () =>
  text()
    .refine((raw) => raw === undefined || (Buffer.from(raw, 'base64').length === 32 && Buffer.from(raw, 'base64').toString('base64') === raw.trim()), {
      error: 'must be 32 bytes in base64 (openssl rand -base64 32); value not shown',
    })
    .transform((raw) => (raw === undefined ? undefined : Buffer.from(raw, 'base64')));

/**
 * TEMPORAL_PAYLOAD_OLD_KEYS: earlier keys, still used to decrypt what they encrypted: `id:base64,id:base64`.
 * Values are never echoed; a bad entry is named by its key ID.
 */
const oldPayloadKeys = () =>
  text().transform((raw, ctx) => {
    const keys: Array<{ keyId: string; key: Buffer }> = [];
    for (const entry of (raw ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
      const colon = entry.indexOf(':');
      const keyId = colon > 0 ? entry.slice(0, colon) : '';
      const key = Buffer.from(entry.slice(colon + 1), 'base64');
      if (!keyId || key.length !== 32) {
        ctx.addIssue({ code: 'custom', message: `entry ${keyId ? `"${keyId}"` : 'without a key ID'} must be keyId:<32 bytes in base64>; value not shown` });
      } else keys.push({ keyId, key });
    }
    return keys;
  });

/** Every variable the service reads, one schema each (README "Configuration", .env.example). */
const variables = z.object({
  // Temporal
  TEMPORAL_ADDRESS: text().refine((v) => v === undefined || /^[^\s:/]+:\d+$/.test(v), { error: 'must look like host:port' }),
  TEMPORAL_NAMESPACE: textOr('default'),
  TEMPORAL_TASK_QUEUE: textOr('lineworks-partner'),
  TEMPORAL_TASK_QUEUE_ACTIVITIES_PER_SECOND: optionalPositiveNumber(),
  // The SDK takes 0 (no cache) or at least 2.
  TEMPORAL_MAX_CACHED_WORKFLOWS: optionalWholeNumber('must be 0 (no cache) or a whole number of at least 2', (n) => n === 0 || n >= 2),
  // Connection (config/temporal-profile.ts reads them through @temporalio/envconfig, as the Temporal CLI does)
  TEMPORAL_PROFILE: text(),
  TEMPORAL_CONFIG_FILE: text(),
  TEMPORAL_API_KEY: text(),
  TEMPORAL_TLS: text(),
  TEMPORAL_TLS_CLIENT_CERT_PATH: text(),
  TEMPORAL_TLS_CLIENT_KEY_PATH: text(),
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: text(),
  TEMPORAL_TLS_SERVER_NAME: text(),
  TEMPORAL_PAYLOAD_KEY: payloadKey(),
  TEMPORAL_PAYLOAD_KEY_ID: text(),
  TEMPORAL_PAYLOAD_OLD_KEYS: oldPayloadKeys(),
  // Worker deployment versioning (off unless both are set)
  TEMPORAL_WORKER_DEPLOYMENT_NAME: text(),
  TEMPORAL_WORKER_BUILD_ID: text(),
  TEMPORAL_DEV_SERVER_PORT: port(7233),
  TEMPORAL_UI_PORT: port(8233),
  CODEC_SERVER_PORT: port(8092),
  CODEC_SERVER_ALLOWED_ORIGIN: httpUrl(),
  DATA_DIR: textOr('.data'),
  // LINE WORKS Partner API
  LINEWORKS_API_BASE_URL: httpUrl(),
  LINEWORKS_AUTH_URL: httpUrl(),
  LINEWORKS_ACCESS_TOKEN: text(),
  LINEWORKS_CLIENT_ID: text(),
  LINEWORKS_CLIENT_SECRET: text(),
  LINEWORKS_SERVICE_ACCOUNT_ID: text(),
  // Keys pasted into env vars often carry literal "\n"; turn them back into newlines.
  LINEWORKS_PRIVATE_KEY: text().transform((pem) => pem?.replace(/\\n/g, '\n')),
  LINEWORKS_PRIVATE_KEY_PATH: text(),
  LINEWORKS_REFRESH_TOKEN: text(),
  LINEWORKS_READ_SCOPE: textOr('partner.read'),
  LINEWORKS_WRITE_SCOPE: textOr('partner'),
  LINEWORKS_RATE_LIMIT_PER_MINUTE: positiveInt(240),
  // At most 30 s, so one request fits inside an activity attempt (partner-api/client.ts MAX_REQUEST_TIMEOUT_MS).
  LINEWORKS_TIMEOUT_MS: wholeNumberUpTo(30_000, 30_000),
  // DNS checks
  DNS_RESOLVERS: list('must be an IP address, optionally with :port', (entry) => IP_WITH_OPTIONAL_PORT.test(entry)),
  DNS_AUTHORITATIVE_PORT: port(53),
  DNS_TIMEOUT_MS: positiveInt(5_000),
  // Simulator
  SIMULATOR_PORT: port(8090),
  SIMULATOR_HOST: textOr('127.0.0.1'),
  SIMULATOR_TIME_ZONE: timeZone(),
  SIMULATOR_SEED_FILE: text(),
  SIMULATOR_DNS_SERVERS: text().transform((raw) => raw?.split(',').map((s) => s.trim()).filter(Boolean)),
  SIMULATOR_DNS_PORT: port(8053),
  LOG_LEVEL: oneOf(LOG_LEVELS, 'info'),
  // Observability (docs/operations.md)
  METRICS_ENABLED: flag(true),
  METRICS_HOST: textOr('127.0.0.1'),
  METRICS_PORT: port(9464),
  TEMPORAL_SDK_METRICS_PORT: port(9465),
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl(),
  OTEL_SERVICE_NAME: textOr('lineworks-partner-workflows'),
});

type Variables = z.output<typeof variables>;

/** Which authentication the credentials describe must be complete; rules across variables, named in the message. */
function checkCredentials(v: Variables, ctx: z.RefinementCtx): void {
  const problem = (message: string) => ctx.addIssue({ code: 'custom', message, path: [] });
  if (v.LINEWORKS_REFRESH_TOKEN && !(v.LINEWORKS_CLIENT_ID && v.LINEWORKS_CLIENT_SECRET)) {
    problem('LINEWORKS_REFRESH_TOKEN needs LINEWORKS_CLIENT_ID and LINEWORKS_CLIENT_SECRET as well');
  }
  const serviceAccount = {
    LINEWORKS_CLIENT_ID: v.LINEWORKS_CLIENT_ID,
    LINEWORKS_CLIENT_SECRET: v.LINEWORKS_CLIENT_SECRET,
    LINEWORKS_SERVICE_ACCOUNT_ID: v.LINEWORKS_SERVICE_ACCOUNT_ID,
    'LINEWORKS_PRIVATE_KEY or LINEWORKS_PRIVATE_KEY_PATH': v.LINEWORKS_PRIVATE_KEY ?? v.LINEWORKS_PRIVATE_KEY_PATH,
  };
  const missing = Object.entries(serviceAccount).filter(([, value]) => value === undefined).map(([name]) => name);
  if (!v.LINEWORKS_ACCESS_TOKEN && !v.LINEWORKS_REFRESH_TOKEN && missing.length > 0 && missing.length < 4) {
    problem(`service-account authentication needs ${missing.join(', ')} as well`);
  }
  if (v.LINEWORKS_PRIVATE_KEY && v.LINEWORKS_PRIVATE_KEY_PATH) problem('set only one of LINEWORKS_PRIVATE_KEY and LINEWORKS_PRIVATE_KEY_PATH');
  if (v.TEMPORAL_PAYLOAD_KEY_ID && v.TEMPORAL_PAYLOAD_KEY === undefined) problem('TEMPORAL_PAYLOAD_KEY_ID is set but TEMPORAL_PAYLOAD_KEY is not');
  if (v.TEMPORAL_PAYLOAD_OLD_KEYS.length > 0 && v.TEMPORAL_PAYLOAD_KEY === undefined) problem('TEMPORAL_PAYLOAD_OLD_KEYS needs TEMPORAL_PAYLOAD_KEY (the current key) as well');
  if (v.TEMPORAL_PAYLOAD_OLD_KEYS.some((old) => old.keyId === (v.TEMPORAL_PAYLOAD_KEY_ID ?? 'key-1'))) {
    problem('TEMPORAL_PAYLOAD_OLD_KEYS repeats the current key ID (TEMPORAL_PAYLOAD_KEY_ID): give each key its own ID');
  }
  if (Boolean(v.TEMPORAL_WORKER_DEPLOYMENT_NAME) !== Boolean(v.TEMPORAL_WORKER_BUILD_ID)) {
    problem('TEMPORAL_WORKER_DEPLOYMENT_NAME and TEMPORAL_WORKER_BUILD_ID go together (worker deployment versioning)');
  }
}

/** The variables, shaped as the service uses them. */
const serviceConfigSchema = (profile: TemporalProfile, profileProblems: string[]) =>
  variables
    .superRefine((v, ctx) => {
      checkCredentials(v, ctx);
      // The connection settings come from envconfig (environment over a temporal.toml profile); its problems join ours.
      for (const message of profileProblems) ctx.addIssue({ code: 'custom', message, path: [] });
    }, always)
    .transform((v) => ({
  temporal: {
    /** host:port of an existing Temporal frontend (TEMPORAL_ADDRESS or the profile); undefined = start the embedded dev server. */
    address: profile.address,
    /** TEMPORAL_NAMESPACE, else the profile's, else "default". */
    namespace: profile.namespace ?? v.TEMPORAL_NAMESPACE,
    /** How to reach it: API key, TLS and mTLS files, gRPC headers (lib/temporal-connection.ts connects with them). */
    connection: { apiKey: profile.apiKey, tls: profile.tls, grpcMeta: profile.grpcMeta, profileName: profile.profileName },
    /** Worker deployment versioning: both set = on (workers/worker.ts). */
    deployment: v.TEMPORAL_WORKER_DEPLOYMENT_NAME && v.TEMPORAL_WORKER_BUILD_ID ? { name: v.TEMPORAL_WORKER_DEPLOYMENT_NAME, buildId: v.TEMPORAL_WORKER_BUILD_ID } : undefined,
    taskQueue: v.TEMPORAL_TASK_QUEUE,
    /** Activity starts per second on the task queue, all workers together (the server enforces it). */
    maxTaskQueueActivitiesPerSecond: v.TEMPORAL_TASK_QUEUE_ACTIVITIES_PER_SECOND,
    /** Workflow runs each worker keeps in memory between tasks (workers/worker.ts); undefined = the SDK's default. */
    maxCachedWorkflows: v.TEMPORAL_MAX_CACHED_WORKFLOWS,
    /** Payload encryption: every worker and client needs the same key. */
    encryption: v.TEMPORAL_PAYLOAD_KEY
      ? { key: v.TEMPORAL_PAYLOAD_KEY, keyId: v.TEMPORAL_PAYLOAD_KEY_ID ?? 'key-1', oldKeys: v.TEMPORAL_PAYLOAD_OLD_KEYS }
      : undefined,
    /** Embedded dev server: gRPC port, Web UI port. */
    devServerPort: v.TEMPORAL_DEV_SERVER_PORT,
    uiPort: v.TEMPORAL_UI_PORT,
    /** With payload encryption and the embedded dev server, `npm start` serves a codec server here for the Web UI. */
    codecServerPort: v.CODEC_SERVER_PORT,
    /** The Web UI origin `npm run codec-server` accepts (CORS); default the embedded UI's. */
    codecServerAllowedOrigin: v.CODEC_SERVER_ALLOWED_ORIGIN ?? `http://localhost:${v.TEMPORAL_UI_PORT}`,
    /** The embedded server's SQLite file, reports and the CRM state file. */
    dataDir: v.DATA_DIR,
  },
  partnerApi: {
    /** Base URL up to and including /v1.0 (real API, simulator or a validating proxy). */
    baseUrl: v.LINEWORKS_API_BASE_URL,
    /** OAuth token endpoint. */
    authUrl: v.LINEWORKS_AUTH_URL ?? 'https://auth.worksmobile.com/oauth2/v2.0/token',
    credentials: {
      /** Static access token obtained elsewhere (user-account token). */
      accessToken: v.LINEWORKS_ACCESS_TOKEN,
      clientId: v.LINEWORKS_CLIENT_ID,
      clientSecret: v.LINEWORKS_CLIENT_SECRET,
      serviceAccountId: v.LINEWORKS_SERVICE_ACCOUNT_ID,
      /** PEM text of the service account's private key (LINEWORKS_PRIVATE_KEY, or read from LINEWORKS_PRIVATE_KEY_PATH). */
      privateKey: v.LINEWORKS_PRIVATE_KEY,
      privateKeyPath: v.LINEWORKS_PRIVATE_KEY_PATH,
      /** User-account refresh token; needs the client ID and secret. */
      refreshToken: v.LINEWORKS_REFRESH_TOKEN,
    },
    /** Per-request timeout in milliseconds. */
    timeoutMs: v.LINEWORKS_TIMEOUT_MS,
    /** Scopes requested for reads and writes. */
    scopes: { read: v.LINEWORKS_READ_SCOPE, write: v.LINEWORKS_WRITE_SCOPE },
    /** Client-side limit per operation and worker process: 240 paid plans, 60 Free. */
    rateLimitPerMinute: v.LINEWORKS_RATE_LIMIT_PER_MINUTE,
  },
  dns: {
    /** Resolvers (ip or ip:port) used to find authoritative servers and as the second signal; empty = system resolvers. */
    resolvers: v.DNS_RESOLVERS,
    /** Port of the authoritative name servers (53 on the internet). */
    authoritativePort: v.DNS_AUTHORITATIVE_PORT,
    timeoutMs: v.DNS_TIMEOUT_MS,
  },
  simulator: {
    /** Started inside `npm start` when no LINE WORKS credentials are configured. */
    port: v.SIMULATOR_PORT,
    /** Interface to listen on: loopback by default; 0.0.0.0 inside a container. */
    host: v.SIMULATOR_HOST,
    /** Time zone that decides the simulator's "today" (default Asia/Tokyo). */
    timeZone: v.SIMULATOR_TIME_ZONE,
    /** JSON seed file loaded at start. */
    seedFile: v.SIMULATOR_SEED_FILE,
    /** DNS servers (host:port) the simulator checks domains with. */
    dnsServers: v.SIMULATOR_DNS_SERVERS,
    /** Loopback UDP port of the simulated world's authoritative DNS server that `npm start` runs. */
    dnsPort: v.SIMULATOR_DNS_PORT,
  },
  logLevel: v.LOG_LEVEL as string,
  observability: {
    /** /metrics, /healthz, /readyz of this process; undefined when METRICS_ENABLED=false. */
    metrics: v.METRICS_ENABLED ? { host: v.METRICS_HOST, port: v.METRICS_PORT, sdkPort: v.TEMPORAL_SDK_METRICS_PORT } : undefined,
    /** OTLP/HTTP traces when an endpoint is set; off otherwise. */
    tracing: { otlpEndpoint: v.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: v.OTEL_SERVICE_NAME },
  },
}));

export type ServiceConfig = z.output<ReturnType<typeof serviceConfigSchema>>;
/** The credentials as configured: any subset may be set, the schema checks the combination is complete. */
export type PartnerApiCredentials = ServiceConfig['partnerApi']['credentials'];

/** Names of every variable this module reads (the README test checks each is documented). */
export const SERVICE_VARIABLES: readonly string[] = Object.keys(variables.shape);

/** True when any LINE WORKS credential is configured (then the simulator is not started by default). */
export function hasCredentials(credentials: Partial<PartnerApiCredentials>): boolean {
  return Boolean(
    credentials.accessToken || credentials.refreshToken || credentials.clientId || credentials.privateKey || credentials.privateKeyPath,
  );
}

export function loadConfig(env: Env = process.env): ServiceConfig {
  const { profile, problems } = loadTemporalProfile(env);
  return parseEnv(serviceConfigSchema(profile, problems), env);
}
