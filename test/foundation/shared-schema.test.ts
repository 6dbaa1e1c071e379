// domain/shared-schema.ts: a worker builds each module-level schema once and every workflow run reuses it, so a key
// must name exactly one declaration; a key reused by two would hand one run's schema to the other declaration.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedSchema } from '../../domain/shared-schema.js';
import { onboardCustomerInputSchema, parseOnboardCustomerInput } from '../../domain/onboarding/onboard-customer-input.js';

const DOMAIN = fileURLToPath(new URL('../../domain/', import.meta.url));

function declarations(): Array<{ file: string; key: string; constant: string }> {
  const found: Array<{ file: string; key: string; constant: string }> = [];
  for (const file of readdirSync(DOMAIN, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(path.join(DOMAIN, file), 'utf8');
    for (const match of text.matchAll(/const (\w+)(?::[^=\n]+)? = sharedSchema\('([^']+)'/g)) {
      found.push({ file: file.replace(/\.ts$/, '').split(path.sep).join('/'), constant: match[1]!, key: match[2]! });
    }
  }
  return found;
}

test('every shared schema key is <file under domain/>#<constant> of its own declaration, and no key is used twice', () => {
  const found = declarations();
  expect(found.length).toBeGreaterThan(30);
  expect(found.filter(({ file, key, constant }) => key !== `${file}#${constant}`)).toEqual([]);
  const keys = found.map(({ key }) => key);
  expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([]);
});

test('sharedSchema builds once per key and hands every later caller the same instance', () => {
  let builds = 0;
  const build = () => {
    builds += 1;
    return { built: builds };
  };
  const first = sharedSchema('test#sharedSchema-builds-once', build);
  expect(sharedSchema('test#sharedSchema-builds-once', build)).toBe(first);
  expect(builds).toBe(1);
  expect(sharedSchema('test#another-key', build)).toEqual({ built: 2 });
});

test('a shared schema is the real zod schema: it parses and names the fields at fault', () => {
  expect(onboardCustomerInputSchema.shape.domain).toBeDefined();
  expect(() => parseOnboardCustomerInput({ domain: 'example.com' })).toThrow(/companyName is required/);
});
