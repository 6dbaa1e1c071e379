// The building blocks of the environment schemas (config/env.ts, config/triggers.ts): one zod schema per kind of
// variable, and the one place that turns zod's issues into problems that name their variable. A variable's value is
// echoed in its problem (`WEBHOOK_PORT=99999 is not a TCP port`) unless its name looks like a secret.
import { z } from 'zod';
import { isKnownTimeZone } from '../domain/dates.js';

export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  readonly code = 'ERR_CONFIG';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Values of these variables never appear in a problem: keys, secrets, tokens, passwords (any spelling). */
const SECRET_NAME = /key|secret|token|password/i;

/** Issue params: `{ echo: false }` keeps the value out of the problem (e.g. the message already names the entry). */
interface ProblemParams {
  echo?: boolean;
}

/** An unset or blank variable counts as not set: the default applies. */
const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** A variable read as text; unset or blank = undefined. */
export const text = () => z.preprocess(blankToUndefined, z.string().optional());

/** A variable read as text with a default. */
export const textOr = (fallback: string) => z.preprocess(blankToUndefined, z.string().default(fallback));

/** A number that passes `accept`; `rule` is the problem's wording, e.g. "is not a TCP port (1-65535)". */
function numberVar(rule: string, accept: (n: number) => boolean) {
  return z.coerce.number({ error: rule }).refine(accept, { error: rule });
}

const isPort = (n: number) => Number.isInteger(n) && n >= 1 && n <= 65535;

export const port = (fallback: number) => z.preprocess(blankToUndefined, numberVar('is not a TCP port (1-65535)', isPort).default(fallback));

export const positiveInt = (fallback: number) =>
  z.preprocess(blankToUndefined, numberVar('must be a positive whole number', (n) => Number.isInteger(n) && n > 0).default(fallback));

/** A whole number from 1 to `max` (limits whose upper end matters: ports, windows, sizes). */
export const wholeNumberUpTo = (max: number, fallback: number) =>
  z.preprocess(blankToUndefined, numberVar(`must be a whole number from 1 to ${max}`, (n) => Number.isInteger(n) && n >= 1 && n <= max).default(fallback));

/** A whole number that passes `accept` (`rule` says which), or unset: undefined. */
export const optionalWholeNumber = (rule: string, accept: (n: number) => boolean) =>
  z.preprocess(blankToUndefined, numberVar(rule, (n) => Number.isInteger(n) && accept(n)).optional());

export const optionalPositiveNumber = () =>
  z.preprocess(blankToUndefined, numberVar('must be a positive number', (n) => Number.isFinite(n) && n > 0).optional());

/** An http(s) URL, trailing slashes removed. */
export const httpUrl = () =>
  z.preprocess(
    blankToUndefined,
    z
      .url({ protocol: /^https?$/, error: 'is not an http(s) URL' })
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
  );

export const timeZone = () => z.preprocess(blankToUndefined, z.string().refine(isKnownTimeZone, { error: 'is not an IANA time zone (e.g. Asia/Tokyo)' }).optional());

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
  z.preprocess(blankToUndefined, z.enum(values, { error: `must be one of ${values.join(', ')}` }).default(fallback as never));

/** true/false (or 1/0), any case. */
export const flag = (fallback: boolean) =>
  z.preprocess(
    (value) => (typeof blankToUndefined(value) === 'string' ? (value as string).toLowerCase() : undefined),
    z
      .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
      .optional()
      .transform((value) => (value === undefined ? fallback : value === 'true' || value === '1')),
  );

/** A comma-separated list whose entries each pass `accept`; each bad entry is its own problem. */
export const list = (entryRule: string, accept: (entry: string) => boolean = () => true) =>
  z
    .string()
    .optional()
    .transform((raw) => (raw ?? '').split(',').map((entry) => entry.trim()).filter(Boolean))
    .superRefine((entries, ctx) => {
      for (const entry of entries.filter((e) => !accept(e))) {
        ctx.addIssue({ code: 'custom', message: `entry ${entry} ${entryRule}`, params: { echo: false } satisfies ProblemParams });
      }
    });

/** HMAC keys shorter than this are guessable; 32 characters is what `openssl rand -hex 16` gives. */
export const MIN_SECRET_LENGTH = 32;

export const hmacSecret = () =>
  z.preprocess(blankToUndefined, z.string().min(MIN_SECRET_LENGTH, { error: `must be at least ${MIN_SECRET_LENGTH} characters (value not shown)` }).optional());

/**
 * Runs a cross-variable rule even when single variables failed, so every problem is reported at once. Problems
 * added with an empty path are shown as written: they name their variables themselves.
 */
export const always = { when: () => true } as const;

function describeIssue(issue: z.core.$ZodIssue, env: Env): string {
  const [name, ...rest] = issue.path.map(String);
  if (name === undefined) return issue.message;
  const raw = env[name];
  const echo = (issue as { params?: ProblemParams }).params?.echo !== false && !SECRET_NAME.test(name) && raw !== undefined && rest.length === 0;
  return `${name}${echo ? `=${raw}` : ''} ${issue.message}`;
}

/** Parses `env` with `schema`; every problem, each naming its variable, in one ConfigError. */
export function parseEnv<S extends z.ZodType>(schema: S, env: Env): z.output<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new ConfigError([...new Set(parsed.error.issues.map((issue) => describeIssue(issue, env)))]);
}
