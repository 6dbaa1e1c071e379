// Everything the simulator can be configured with, and the defaults.
import type { SimChoices } from './choices.js';
import { ACCESS_TOKEN_TTL_SECONDS, DEFAULT_TIME_ZONE, REFRESH_TOKEN_TTL_SECONDS, TRANSFER_DELAY_MS, UPGRADE_DURATION_MS } from './inferred.js';

export interface JwtGrantOptions {
  /** PEM (SPKI, `-----BEGIN PUBLIC KEY-----`) of the service account's key pair. */
  publicKey: string;
  /** Expected `iss` and form `client_id`. */
  clientId: string;
  /** Expected form `client_secret`; not checked when left out. */
  clientSecret?: string;
  /** Expected `sub`. */
  serviceAccountId: string;
}

export interface SimulatorOptions {
  /** Static bearer tokens the API accepts, all with scope `partner`. Default: [`simulator-token`]. [] turns them off. */
  acceptedTokens?: string[];
  /** Static tokens with explicit scopes, e.g. `{ 'read-token': ['partner.read'] }`. Added to acceptedTokens. */
  staticTokens?: Record<string, string[]>;
  /** Enables the JWT bearer grant on POST /oauth2/v2.0/token. */
  jwt?: JwtGrantOptions;
  /** Lifetime of issued access tokens (default 86400 s). */
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  /** Refresh Token Rotation (off by default, as on the real service): each refresh returns a new refresh token. */
  refreshTokenRotation?: boolean;
  /** Requests per minute per operation (default 240). */
  rateLimitPerMinute?: number;
  /** Time zone that decides "today" (default Asia/Tokyo). */
  timeZone?: string;
  /** Start the simulated clock at this instant (ISO 8601); default: real time. */
  startTime?: string;
  /** Keep the simulated clock still until moved through the control API. */
  freezeClock?: boolean;
  /** Check DNS through these servers (`host:port`) instead of the control API's DNS state. */
  dnsResolver?: { servers: string[]; timeoutMs?: number };
  /** Delay before an Online Direct transfer completes, on the simulated clock (default 2000 ms). */
  transferDelayMs?: number;
  /** How long an immediate upgrade keeps the subscription UPGRADING, on the simulated clock (default 2000 ms). */
  upgradeDurationMs?: number;
  /** Choices where the docs are silent (choices.ts); each defaults to today's behaviour (inferred.ts). */
  choices?: Partial<SimChoices>;
  /**
   * Simulated authoritative DNS servers and how long each takes to see records marked in place (ms, simulated clock),
   * e.g. `{ 'ns1': 0, 'ns2': 600000 }`. Without a resolver, activation sees the records once every server does.
   */
  dnsServerDelaysMs?: Record<string, number>;
  /** Seed for the fault-injection random numbers (default: random). */
  faultSeed?: number;
  /** Initial world (same shape as POST /_simulator/seed). */
  seed?: unknown;
  /** fastify's logger; off by default. */
  logger?: boolean;
  /** Interface startSimulator listens on (default 127.0.0.1; 0.0.0.0 inside a container). */
  host?: string;
}

export type ResolvedOptions = Required<
  Pick<SimulatorOptions, 'accessTokenTtlSeconds' | 'refreshTokenTtlSeconds' | 'refreshTokenRotation' | 'rateLimitPerMinute' | 'timeZone' | 'transferDelayMs' | 'upgradeDurationMs'>
> &
  SimulatorOptions & { staticTokens: Record<string, string[]> };

export function resolveOptions(options: SimulatorOptions): ResolvedOptions {
  const staticTokens: Record<string, string[]> = {};
  for (const token of options.acceptedTokens ?? ['simulator-token']) staticTokens[token] = ['partner'];
  Object.assign(staticTokens, options.staticTokens ?? {});
  return {
    ...options,
    staticTokens,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? REFRESH_TOKEN_TTL_SECONDS,
    refreshTokenRotation: options.refreshTokenRotation ?? false,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 240,
    timeZone: options.timeZone ?? DEFAULT_TIME_ZONE,
    transferDelayMs: options.transferDelayMs ?? TRANSFER_DELAY_MS,
    upgradeDurationMs: options.upgradeDurationMs ?? UPGRADE_DURATION_MS,
  };
}
