// One schema per input: parse raw JSON with a zod schema and turn zod's issues into the field-named problems people
// see ("domain is required (a non-empty string)", "administrator.privateEmail must be an email address", "input must
// be a JSON object", "x is not a known field"), thrown as InvalidInputError (ERR_INVALID_INPUT, `problems`).
//
// Why zod 4: it runs inside the Temporal workflow sandbox (no Node built-ins, no eval; proved by the workflow tests
// that start workflows parsing their input with it), the TypeScript types are inferred from the schemas (no
// hand-written type beside a hand-written checker to drift apart), `z.toJSONSchema` is built in (the Web UI docs
// and the webhook get JSON Schemas from the same source), and one library serves workflows, webhook and config.
//
// Message convention: a schema's own message is a predicate written in lower case ("must be at most 40
// characters"); this helper puts the field path in front of it. A lower-case message on the input itself (empty
// path) is a whole sentence ("year and month must be given together"). zod's default messages (capitalised) are
// replaced by the wording below, so a schema without custom messages still names its fields the same way.
import { z } from 'zod';
import { isIsoDate, isKnownTimeZone } from './dates.js';
import { formatDuration, parseDuration } from './durations.js';
import { InvalidInputError, type Problems } from './input-validation.js';

export { z };

/** Inputs are stored in workflow history: keep each well under Temporal's 2 MB payload limit. */
export const MAX_INPUT_BYTES = 64 * 1024;

/** Field names that look like a secret in any case or spelling (Password, api_key, accessToken, clientSecret). */
const SECRET_LOOKING = /pass(?:word|wd|phrase)?|secret|token|key|credential/i;

export function looksLikeSecret(field: string): boolean {
  return SECRET_LOOKING.test(field);
}

type Issue = z.core.$ZodIssue;

function pathText(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : `${text ? '.' : ''}${String(part)}`;
  return text;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a JSON object',
  array: 'an array',
  null: 'null',
};

/** Wording for zod's own (default) messages, by issue code. */
function defaultPredicate(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const word = TYPE_WORDS[issue.expected] ?? issue.expected;
      return issue.input === undefined ? `is required (${word})` : `must be ${word}`;
    }
    case 'too_small':
    case 'too_big': {
      const bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      const side = issue.code === 'too_small' ? 'least' : 'most';
      const exact = issue.inclusive === false ? bound + (issue.code === 'too_small' ? 1 : -1) : bound;
      if (issue.origin === 'string') return `must be at ${side} ${exact} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `must have at ${side} ${exact} items`;
      return issue.inclusive === false ? `must be ${issue.code === 'too_small' ? 'greater' : 'less'} than ${bound}` : `must be at ${side} ${bound}`;
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'invalid_format':
      return issue.format === 'email' ? 'must be an email address' : `must be in the expected format (${issue.format})`;
    default:
      return 'is invalid';
  }
}

/** Our messages start in lower case, a digit or a quote (`"Mars/Base" is not…`, `2026-01-01 is in the past…`); zod's are capitalised. */
function isOwnMessage(message: string): boolean {
  return /^[a-z0-9"]/.test(message);
}

/** The field-named problems of zod issues (one per unknown key). */
export function problemsOf(issues: readonly Issue[]): Problems {
  const problems: Problems = [];
  for (const issue of issues) {
    const at = pathText(issue.path);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const field = at ? `${at}.${key}` : key;
        if (looksLikeSecret(key)) {
          // Said apart from other unknown fields: a credential in a workflow input would stay in its history.
          problems.push(`${field} must never be in an input: it looks like a credential, and workflow inputs are stored in history`);
        } else problems.push(`${field} ${isOwnMessage(issue.message) ? issue.message : 'is not a known field'}`);
      }
    } else if (isOwnMessage(issue.message)) problems.push(at ? `${at} ${issue.message}` : issue.message);
    else problems.push(`${at || 'input'} ${defaultPredicate(issue)}`);
  }
  return [...new Set(problems)];
}

/** Length of `text` in UTF-8 bytes (the API bounds some fields in bytes). */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++; // the low half of the surrogate pair is part of the same character
    } else bytes += 3;
  }
  return bytes;
}

/** Size of a value as UTF-8 JSON (undefined when it cannot be serialised). */
export function jsonBytes(value: unknown): number | undefined {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? undefined : utf8Bytes(text);
  } catch {
    return undefined;
  }
}

/**
 * Parses `raw` with `schema`: the typed value, or InvalidInputError naming every field at fault (`name` is the
 * workflow, update or event it is for).
 */
export function parseWithSchema<S extends z.ZodType>(name: string, schema: S, raw: unknown, maxBytes = MAX_INPUT_BYTES): z.output<S> {
  const problems: Problems = [];
  const bytes = jsonBytes(raw);
  if (bytes !== undefined && bytes > maxBytes) problems.push(`input is too large: ${bytes} bytes as JSON, at most ${maxBytes}`);
  const result = schema.safeParse(raw, { reportInput: true });
  if (!result.success) problems.push(...problemsOf(result.error.issues));
  if (problems.length > 0 || !result.success) throw new InvalidInputError(name, problems);
  return result.data;
}

/** The problems of `raw` against `schema` (empty when valid): for update validators, which add their own. */
export function schemaProblems(schema: z.ZodType, raw: unknown): Problems {
  const result = schema.safeParse(raw, { reportInput: true });
  return result.success ? [] : problemsOf(result.error.issues);
}

/**
 * A cross-field rule on an object schema. It runs even when single fields failed (zod skips refinements after
 * failures by default), so one answer names every field at fault; `value` may therefore be anything.
 */
export function crossFieldRule(rule: (value: Record<string, unknown>, add: (path: PropertyKey[], message: string) => void) => void) {
  return z.superRefine<unknown>(
    (value, ctx) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
      rule(value as Record<string, unknown>, (path, message) => ctx.addIssue({ code: 'custom', path, message, input: value }));
    },
    { when: () => true },
  );
}

// Shared field schemas: one wording and one bound for each kind of value.

/** A non-empty string (not only spaces) of at most `max` characters. */
export function requiredText(max: number, what = 'a non-empty string') {
  return z
    .string({ error: `is required (${what})` })
    .min(1, `is required (${what})`)
    .max(max, `must be at most ${max} characters`)
    .refine((s) => s.trim() !== '', `is required (${what})`);
}

/** An optional free text of at most `max` characters. */
export function optionalText(max: number) {
  return z.string({ error: 'must be a string' }).max(max, `must be at most ${max} characters`).optional();
}

/** A positive whole number up to `max` (a required field when not made optional). */
export function positiveInt(max = Number.MAX_SAFE_INTEGER, message = 'is required (a positive integer)') {
  return z.number({ error: message }).int(message).positive(message).max(max, `must be at most ${max}`);
}

/** true or false. */
export function flag() {
  return z.boolean({ error: 'must be true or false' });
}

/** An IANA time zone the runtime knows (checked with Intl.DateTimeFormat, which works in the workflow sandbox). */
export function timeZoneSchema(message: (zone: string) => string = (zone) => `"${zone}" is not a known IANA time zone`) {
  return z
    .string({ error: 'must be an IANA time zone such as Asia/Tokyo' })
    .max(64, 'must be at most 64 characters')
    .refine(isKnownTimeZone, { error: (issue) => message(String(issue.input)) });
}

/** A human duration such as "90s", "30 minutes" or "72h" (at most `maxMs` when given). */
export function durationSchema(examples: string, maxMs?: number, minMs = 1) {
  const message = `must be a duration such as ${examples}`;
  return z
    .string({ error: message })
    .max(40, message)
    .refine((text) => {
      const ms = parseDuration(text);
      return ms !== undefined && ms >= minMs && (maxMs === undefined || ms <= maxMs);
    }, maxMs === undefined ? message : `${message}, at most ${formatDuration(maxMs)}`);
}

/** A real calendar date written YYYY-MM-DD. */
export function isoDateSchema(message = 'must be a date YYYY-MM-DD') {
  return z.string({ error: message }).regex(/^\d{4}-\d{2}-\d{2}$/, message).refine(isIsoDate, message);
}

/** A customer domain or group name as the API accepts it (createCustomer: 2-22 characters). */
export function domainNameSchema() {
  return requiredText(22)
    .regex(/^[a-z0-9][a-z0-9.-]{0,20}[a-z0-9]$/, 'must be 2-22 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit')
    .refine((d) => !d.includes('--'), 'must not contain "--"')
    .refine((d) => !d.includes('..'), 'must not contain ".."');
}

/** A LINE WORKS domainId. */
export function domainIdSchema() {
  return positiveInt(Number.MAX_SAFE_INTEGER, 'is required (a positive whole number)');
}

/**
 * An object that refuses unknown keys; `unknownText` words the refusal ("is not a known setting (…)"). Keys that look
 * like secrets get their own refusal (problemsOf).
 */
export function strictObject<T extends z.core.$ZodLooseShape>(shape: T, unknownText = 'is not a known field') {
  return z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? unknownText : undefined) });
}

/**
 * One object schema per value of `key` (e.g. per `action`): the inferred type is their union. An unknown or missing
 * `key` is named once, and the fields all branches share (`common`) are still checked, so the answer names every
 * field at fault.
 */
export function byDiscriminator<const Options extends readonly [z.ZodObject, ...z.ZodObject[]]>(key: string, options: Options, common: z.ZodObject) {
  const values = options.map((option) => String((option.shape[key] as z.ZodLiteral).value));
  return z
    .discriminatedUnion(key, options, { error: (issue) => (issue.code === 'invalid_union' ? `must be one of ${values.join(', ')}` : undefined) })
    .check(
      z.superRefine<unknown>(
        (value, ctx) => {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
          if (values.includes((value as Record<string, unknown>)[key] as string)) return;
          const shared = common.extend({ [key]: z.unknown() }).safeParse(value);
          for (const issue of shared.success ? [] : shared.error.issues) ctx.addIssue({ ...issue, input: value } as never);
        },
        { when: () => true },
      ),
    );
}
