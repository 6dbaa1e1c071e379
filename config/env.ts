// Service configuration from environment variables, validated at start.
// Every error names the variable at fault, and all problems are reported at once.

export interface PartnerApiCredentials {
  /** Static access token obtained elsewhere (user-account token). */
  accessToken?: string;
  clientId?: string;
  clientSecret?: string;
  serviceAccountId?: string;
  /** PEM text of the service account's private key (from LINEWORKS_PRIVATE_KEY or the file in LINEWORKS_PRIVATE_KEY_PATH). */
  privateKey?: string;
  privateKeyPath?: string;
  /** User-account refresh token (LINEWORKS_REFRESH_TOKEN); needs LINEWORKS_CLIENT_ID and LINEWORKS_CLIENT_SECRET. */
  refreshToken?: string;
}

export interface ServiceConfig {
  temporal: {
    /** host:port of an existing Temporal frontend; undefined = start the embedded dev server. */
    address?: string;
    namespace: string;
    taskQueue: string;
    /** Activity starts per second on the task queue, all workers together (TEMPORAL_TASK_QUEUE_ACTIVITIES_PER_SECOND). */
    maxTaskQueueActivitiesPerSecond?: number;
    /** Payload encryption (TEMPORAL_PAYLOAD_KEY, TEMPORAL_PAYLOAD_KEY_ID): every worker and client needs the same key. */
    encryption?: { key: Buffer; keyId: string };
    /** Embedded dev server: gRPC port, Web UI port and SQLite file. */
    devServerPort: number;
    uiPort: number;
    /** With payload encryption and the embedded dev server, `npm start` serves a codec server here for the Web UI. */
    codecServerPort: number;
    dataDir: string;
  };
  partnerApi: {
    /** Base URL up to and including /v1.0 (real API, simulator or a validating proxy). */
    baseUrl?: string;
    /** OAuth token endpoint. */
    authUrl: string;
    credentials: PartnerApiCredentials;
    /** Per-request timeout in milliseconds. */
    timeoutMs: number;
    /** Scopes requested for reads and writes (LINEWORKS_READ_SCOPE / LINEWORKS_WRITE_SCOPE). */
    scopes?: { read: string; write: string };
    /** Client-side limit per operation and worker process (LINEWORKS_RATE_LIMIT_PER_MINUTE): 240 paid plans, 60 Free. */
    rateLimitPerMinute?: number;
  };
  dns: {
    /** Resolvers (ip or ip:port) used to find authoritative servers and as the second signal; empty = system resolvers. */
    resolvers: string[];
    /** Port of the authoritative name servers (53 on the internet). */
    authoritativePort: number;
    timeoutMs: number;
  };
  simulator: {
    /** Started inside `npm start` when no LINE WORKS credentials are configured. */
    port: number;
    /** Interface to listen on: loopback by default; 0.0.0.0 inside a container. */
    host: string;
    /** Time zone that decides the simulator's "today" (SIMULATOR_TIME_ZONE, default Asia/Tokyo). */
    timeZone?: string;
    /** JSON seed file loaded at start (SIMULATOR_SEED_FILE). */
    seedFile?: string;
    /** DNS servers (host:port, comma-separated in SIMULATOR_DNS_SERVERS) the simulator checks domains with. */
    dnsServers?: string[];
  };
  logLevel: string;
}

export class ConfigError extends Error {
  readonly code = 'ERR_CONFIG';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

type Env = Record<string, string | undefined>;

function readPort(env: Env, name: string, fallback: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    problems.push(`${name}=${raw} is not a TCP port (1-65535)`);
    return fallback;
  }
  return value;
}

function readPositiveInt(env: Env, name: string, fallback: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    problems.push(`${name}=${raw} must be a positive whole number`);
    return fallback;
  }
  return value;
}

function readPositiveNumber(env: Env, name: string, problems: string[]): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    problems.push(`${name}=${raw} must be a positive number`);
    return undefined;
  }
  return value;
}

/** TEMPORAL_PAYLOAD_KEY: 32 random bytes, base64 (e.g. `openssl rand -base64 32`). The value is never echoed. */
function readPayloadKey(env: Env, problems: string[]): { key: Buffer; keyId: string } | undefined {
  const raw = env.TEMPORAL_PAYLOAD_KEY;
  const keyId = env.TEMPORAL_PAYLOAD_KEY_ID || 'key-1';
  if (raw === undefined || raw === '') {
    if (env.TEMPORAL_PAYLOAD_KEY_ID) problems.push('TEMPORAL_PAYLOAD_KEY_ID is set but TEMPORAL_PAYLOAD_KEY is not');
    return undefined;
  }
  const key = Buffer.from(raw, 'base64');
  if (key.length !== 32 || key.toString('base64') !== raw.trim()) {
    problems.push('TEMPORAL_PAYLOAD_KEY must be 32 bytes in base64 (openssl rand -base64 32); value not shown');
    return undefined;
  }
  return { key, keyId };
}

function readUrl(env: Env, name: string, problems: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
    return raw.replace(/\/+$/, '');
  } catch {
    problems.push(`${name}=${raw} is not an http(s) URL`);
    return undefined;
  }
}

function readTimeZone(env: Env, name: string, problems: string[]): string | undefined {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: raw });
    return raw;
  } catch {
    problems.push(`${name}=${raw} is not an IANA time zone (e.g. Asia/Tokyo)`);
    return undefined;
  }
}

function nonEmpty(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** True when any LINE WORKS credential is configured (then the simulator is not started by default). */
export function hasCredentials(credentials: PartnerApiCredentials): boolean {
  return Boolean(
    credentials.accessToken || credentials.refreshToken || credentials.clientId || credentials.privateKey || credentials.privateKeyPath,
  );
}

export function loadConfig(env: Env = process.env): ServiceConfig {
  const problems: string[] = [];

  const address = nonEmpty(env, 'TEMPORAL_ADDRESS');
  if (address && !/^[^\s:/]+:\d+$/.test(address)) problems.push(`TEMPORAL_ADDRESS=${address} must look like host:port`);

  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL=${logLevel} must be one of ${LOG_LEVELS.join(', ')}`);

  const credentials: PartnerApiCredentials = {
    accessToken: nonEmpty(env, 'LINEWORKS_ACCESS_TOKEN'),
    clientId: nonEmpty(env, 'LINEWORKS_CLIENT_ID'),
    clientSecret: nonEmpty(env, 'LINEWORKS_CLIENT_SECRET'),
    serviceAccountId: nonEmpty(env, 'LINEWORKS_SERVICE_ACCOUNT_ID'),
    // Keys pasted into env vars often carry literal "\n"; turn them back into newlines.
    privateKey: nonEmpty(env, 'LINEWORKS_PRIVATE_KEY')?.replace(/\\n/g, '\n'),
    privateKeyPath: nonEmpty(env, 'LINEWORKS_PRIVATE_KEY_PATH'),
    refreshToken: nonEmpty(env, 'LINEWORKS_REFRESH_TOKEN'),
  };
  const serviceAccountVars = {
    LINEWORKS_CLIENT_ID: credentials.clientId,
    LINEWORKS_CLIENT_SECRET: credentials.clientSecret,
    LINEWORKS_SERVICE_ACCOUNT_ID: credentials.serviceAccountId,
    'LINEWORKS_PRIVATE_KEY or LINEWORKS_PRIVATE_KEY_PATH': credentials.privateKey ?? credentials.privateKeyPath,
  };
  const given = Object.entries(serviceAccountVars).filter(([, v]) => v !== undefined);
  if (credentials.refreshToken && !(credentials.clientId && credentials.clientSecret)) {
    problems.push('LINEWORKS_REFRESH_TOKEN needs LINEWORKS_CLIENT_ID and LINEWORKS_CLIENT_SECRET as well');
  }
  if (!credentials.accessToken && !credentials.refreshToken && given.length > 0 && given.length < 4) {
    const missing = Object.entries(serviceAccountVars).filter(([, v]) => v === undefined).map(([k]) => k);
    problems.push(`service-account authentication needs ${missing.join(', ')} as well`);
  }
  if (credentials.privateKey && credentials.privateKeyPath) {
    problems.push('set only one of LINEWORKS_PRIVATE_KEY and LINEWORKS_PRIVATE_KEY_PATH');
  }

  for (const resolver of (env.DNS_RESOLVERS ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!/^(\d{1,3}(\.\d{1,3}){3}(:\d+)?|\[?[0-9a-fA-F:]+\]?(:\d+)?)$/.test(resolver)) {
      problems.push(`DNS_RESOLVERS entry ${resolver} must be an IP address, optionally with :port`);
    }
  }

  const config: ServiceConfig = {
    temporal: {
      address,
      namespace: env.TEMPORAL_NAMESPACE || 'default',
      taskQueue: env.TEMPORAL_TASK_QUEUE || 'lineworks-partner',
      maxTaskQueueActivitiesPerSecond: readPositiveNumber(env, 'TEMPORAL_TASK_QUEUE_ACTIVITIES_PER_SECOND', problems),
      encryption: readPayloadKey(env, problems),
      devServerPort: readPort(env, 'TEMPORAL_DEV_SERVER_PORT', 7233, problems),
      uiPort: readPort(env, 'TEMPORAL_UI_PORT', 8233, problems),
      codecServerPort: readPort(env, 'CODEC_SERVER_PORT', 8092, problems),
      dataDir: env.DATA_DIR || '.data',
    },
    partnerApi: {
      baseUrl: readUrl(env, 'LINEWORKS_API_BASE_URL', problems),
      authUrl: readUrl(env, 'LINEWORKS_AUTH_URL', problems) ?? 'https://auth.worksmobile.com/oauth2/v2.0/token',
      credentials,
      timeoutMs: readPositiveInt(env, 'LINEWORKS_TIMEOUT_MS', 30_000, problems),
      scopes: { read: nonEmpty(env, 'LINEWORKS_READ_SCOPE') ?? 'partner.read', write: nonEmpty(env, 'LINEWORKS_WRITE_SCOPE') ?? 'partner' },
      rateLimitPerMinute: readPositiveInt(env, 'LINEWORKS_RATE_LIMIT_PER_MINUTE', 240, problems),
    },
    dns: {
      resolvers: (env.DNS_RESOLVERS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
      authoritativePort: readPort(env, 'DNS_AUTHORITATIVE_PORT', 53, problems),
      timeoutMs: readPositiveInt(env, 'DNS_TIMEOUT_MS', 5_000, problems),
    },
    simulator: {
      port: readPort(env, 'SIMULATOR_PORT', 8090, problems),
      host: env.SIMULATOR_HOST || '127.0.0.1',
      timeZone: readTimeZone(env, 'SIMULATOR_TIME_ZONE', problems),
      seedFile: nonEmpty(env, 'SIMULATOR_SEED_FILE'),
      dnsServers: nonEmpty(env, 'SIMULATOR_DNS_SERVERS')?.split(',').map((s) => s.trim()).filter(Boolean),
    },
    logLevel,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
