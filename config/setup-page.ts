// Configuration of the DNS setup page (docs/setup-page.md): the secret its links are signed with, where its server
// listens, the public base URL the links use, how long a link outlives the DNS deadline, and how often "check now" may
// be pressed per link. One zod schema as in config/env.ts: every problem names its variable, secrets are never echoed.
import { z } from 'zod';
import { parseDuration } from '../domain/durations.js';
import { hmacSecret, httpUrl, parseEnv, port, text, textOr, wholeNumberUpTo, type Env } from './env-schema.js';

const DAY_MS = 86_400_000;

/** A duration such as "7d", "36h" (domain/durations.ts), up to `maxMs`. */
const duration = (fallback: string, maxMs: number) =>
  text()
    .refine((raw) => raw === undefined || (parseDuration(raw) ?? 0) > 0, { error: 'must be a duration such as 7d or 36h' })
    .refine((raw) => raw === undefined || (parseDuration(raw) ?? 0) <= maxMs, { error: `must be at most ${maxMs / DAY_MS} days` })
    .transform((raw) => parseDuration(raw ?? fallback)!);

const variables = z.object({
  SETUP_PAGE_SECRET: hmacSecret(),
  SETUP_PAGE_HOST: textOr('127.0.0.1'),
  SETUP_PAGE_PORT: port(8093),
  SETUP_PAGE_BASE_URL: httpUrl(),
  SETUP_PAGE_LINK_MARGIN: duration('7d', 90 * DAY_MS),
  SETUP_PAGE_CHECK_NOW_SECONDS: wholeNumberUpTo(3_600, 30),
});

const setupPageConfigSchema = variables.transform((v) => ({
  /** HMAC secret of the links (32+ characters). Unset: no links are handed out and the page server does not run. Never logged. */
  secret: v.SETUP_PAGE_SECRET,
  /** Where the page server listens: loopback by default. */
  host: v.SETUP_PAGE_HOST,
  port: v.SETUP_PAGE_PORT,
  /** What links start with: the address customers reach the page server at (a proxy's), default the listen address. */
  baseUrl: v.SETUP_PAGE_BASE_URL ?? `http://${v.SETUP_PAGE_HOST.includes(':') ? `[${v.SETUP_PAGE_HOST}]` : v.SETUP_PAGE_HOST}:${v.SETUP_PAGE_PORT}`,
  /** A link stays valid this long after the DNS deadline (an extended wait still has a working link for a while). */
  linkMarginMs: v.SETUP_PAGE_LINK_MARGIN,
  /** "Check now" is accepted once per this many milliseconds per link; more presses get 429. */
  checkNowIntervalMs: v.SETUP_PAGE_CHECK_NOW_SECONDS * 1_000,
}));

export type SetupPageConfig = z.output<typeof setupPageConfigSchema>;

/** What the worker's setupPageLink activity needs: undefined when no secret is configured (no setup page). */
export interface SetupLinkSettings {
  secret: string;
  baseUrl: string;
  linkMarginMs: number;
}

export function setupLinkSettings(config: SetupPageConfig): SetupLinkSettings | undefined {
  return config.secret ? { secret: config.secret, baseUrl: config.baseUrl, linkMarginMs: config.linkMarginMs } : undefined;
}

/** Names of every variable this module reads (the README test checks each is documented). */
export const SETUP_PAGE_VARIABLES: readonly string[] = Object.keys(variables.shape);

export function loadSetupPageConfig(env: Env = process.env): SetupPageConfig {
  return parseEnv(setupPageConfigSchema, env);
}
