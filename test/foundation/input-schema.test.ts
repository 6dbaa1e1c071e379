// The shared schema helper (domain/schema.ts): zod's issues become the field-named problems people read, secrets
// are refused by name, inputs are bounded in size, and a rule across fields runs even when single fields failed.
import { InvalidInputError } from '../../domain/input-validation.js';
import { crossFieldRule, looksLikeSecret, MAX_INPUT_BYTES, parseWithSchema, positiveInt, requiredText, strictObject, timeZoneSchema, utf8Bytes, z } from '../../domain/schema.js';

const schema = strictObject({
  name: requiredText(5),
  count: positiveInt(10).optional(),
  nested: strictObject({ flag: z.boolean() }, 'is not a known setting').optional(),
  zone: timeZoneSchema().optional(),
  plain: z.number().min(1).optional(),
  list: z.array(z.string()).max(1).optional(),
}).check(crossFieldRule((input, add) => {
  if (input.count === 3) add(['count'], '3 is unlucky');
}));

function problems(raw: unknown): string[] {
  try {
    parseWithSchema('test', schema, raw);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).code).toBe('ERR_INVALID_INPUT');
    return (err as InvalidInputError).problems;
  }
  return [];
}

test('a valid input comes back typed; an input that is not an object is named as the input', () => {
  expect(parseWithSchema('test', schema, { name: 'ab', count: 2 })).toEqual({ name: 'ab', count: 2 });
  for (const raw of [null, [1], 'x', 42, true]) expect(problems(raw)).toEqual(['input must be a JSON object']);
});

test('every field at fault is named, with the schema\'s own wording or a plain one for zod\'s defaults', () => {
  expect(problems({ name: '   ', count: 0, nested: { flag: 'yes', other: 1 }, zone: 'Mars/Base', plain: 0, list: ['a', 'b'], extra: true })).toEqual([
    'name is required (a non-empty string)',
    'count is required (a positive integer)',
    'nested.flag must be true or false',
    'nested.other is not a known setting',
    'zone "Mars/Base" is not a known IANA time zone',
    'plain must be at least 1',
    'list must have at most 1 items',
    'extra is not a known field',
  ]);
  expect(problems({})).toEqual(['name is required (a non-empty string)']);
  expect(problems({ name: 'toolong', count: 11 })).toEqual(['name must be at most 5 characters', 'count must be at most 10']);
});

test('a rule across fields runs even when other fields failed, and its message may start with a value', () => {
  expect(problems({ name: '', count: 3 })).toEqual(['name is required (a non-empty string)', 'count 3 is unlucky']);
});

test('secret-looking keys are refused by name, in any case or spelling, nested too, never echoing the value', () => {
  const said = problems({ name: 'ab', Password: 'hunter2', api_key: 'k', accessToken: 't', nested: { flag: true, clientSecret: 's' } });
  expect(said).toEqual([
    'nested.clientSecret must never be in an input: it looks like a credential, and workflow inputs are stored in history',
    'Password must never be in an input: it looks like a credential, and workflow inputs are stored in history',
    'api_key must never be in an input: it looks like a credential, and workflow inputs are stored in history',
    'accessToken must never be in an input: it looks like a credential, and workflow inputs are stored in history',
  ]);
  expect(said.join('\n')).not.toContain('hunter2');
  for (const key of ['PASSWORD', 'passwd', 'Api-Key', 'refresh_token', 'SECRET']) expect(looksLikeSecret(key)).toBe(true);
  for (const key of ['domain', 'requestedBy', 'partnerCode']) expect(looksLikeSecret(key)).toBe(false);
});

test('inputs are bounded well under Temporal\'s payload limit', () => {
  expect(MAX_INPUT_BYTES).toBe(64 * 1024);
  const said = problems({ name: 'ab', list: ['x'.repeat(70_000)] });
  expect(said[0]).toMatch(/^input is too large: 700\d\d bytes as JSON, at most 65536$/);
  expect(utf8Bytes('aあ😀')).toBe(1 + 3 + 4);
});
