// One table of bad inputs, built from a valid example: the input as a whole of the wrong kind, unknown and
// secret-looking fields (in other spellings too), an oversized value, and for every field of the example: missing
// (when required), of the wrong type. (null as the whole input is a client's
// matter: partnerctl refuses it before the workflow's parser, test/triggers/cli-bad-input.test.ts.) Each case lists the fields its refusal must name.

export interface BadInput {
  why: string;
  input: unknown;
  /** Words the refusal must contain: the fields at fault (or `input` for the input as a whole). */
  fields: string[];
}

type Example = Record<string, unknown>;

function wrongTypeOf(value: unknown): unknown {
  if (typeof value === 'number') return 'twelve';
  if (typeof value === 'string') return 12345;
  if (typeof value === 'boolean') return 'yes';
  if (Array.isArray(value)) return 'not-a-list';
  return 'not-an-object';
}

/** The example's fields that the input cannot do without (found by leaving each out once, against `parse`). */
function requiredFields(example: Example, parse: (raw: unknown) => unknown): string[] {
  return Object.keys(example).filter((field) => {
    const { [field]: _left, ...rest } = example;
    try {
      parse(rest);
      return false;
    } catch {
      return true;
    }
  });
}

export function badInputs(example: unknown, parse: (raw: unknown) => unknown): BadInput[] {
  const valid = example as Example;
  const firstField = Object.keys(valid)[0];
  const cases: BadInput[] = [
    { why: 'an array', input: [valid], fields: ['input'] },
    { why: 'a string', input: 'domainId=1', fields: ['input'] },
    { why: 'a number', input: 42, fields: ['input'] },
    { why: 'an unknown field', input: { ...valid, colour: 'blue' }, fields: ['colour'] },
    { why: 'a capitalised password field', input: { ...valid, Password: 'hunter2' }, fields: ['Password'] },
    { why: 'an api key in snake case', input: { ...valid, api_key: 'k-123' }, fields: ['api_key'] },
    { why: 'an access token', input: { ...valid, accessToken: 't-123' }, fields: ['accessToken'] },
    { why: 'a client secret in capitals', input: { ...valid, CLIENT_SECRET: 's-123' }, fields: ['CLIENT_SECRET'] },
    { why: 'an API key spelled with a hyphen', input: { ...valid, 'Api-Key': 'k-123' }, fields: ['Api-Key'] },
    { why: 'a secret inside an unknown object', input: { ...valid, options: { password: 'x' } }, fields: ['options'] },
  ];
  if (firstField) cases.push({ why: `a 1 MB ${firstField}`, input: { ...valid, [firstField]: 'x'.repeat(1024 * 1024) }, fields: [firstField] });
  for (const field of requiredFields(valid, parse)) {
    const { [field]: _left, ...rest } = valid;
    cases.push({ why: `${field} missing`, input: rest, fields: [field] });
  }
  for (const [field, value] of Object.entries(valid)) {
    cases.push({ why: `${field} of the wrong type`, input: { ...valid, [field]: wrongTypeOf(value) }, fields: [field] });
  }
  return cases;
}
