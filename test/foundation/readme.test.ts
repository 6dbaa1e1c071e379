// The README stays true: its two quick-start commands exist, and every environment variable the service reads is
// documented there and in .env.example.
import { readFileSync } from 'node:fs';
import { SERVICE_VARIABLES } from '../../config/env.js';
import { TRIGGER_VARIABLES } from '../../config/triggers.js';
import { SETUP_PAGE_VARIABLES } from '../../config/setup-page.js';

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
const readme = read('README.md');

test('the quick start is `npm start` and `npm test`, and both scripts exist', () => {
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
  expect(readme).toMatch(/```sh\nnpm start[^\n]*\nnpm test[^\n]*\n```/);
  expect(scripts.start).toBeDefined();
  expect(scripts.test).toBeDefined();
  expect(read('.ci/run')).toContain('npm test');
});

// The names come from the configuration schemas themselves: a variable cannot be read without being listed there.
test.each([
  ['config/env.ts', SERVICE_VARIABLES],
  ['config/triggers.ts', TRIGGER_VARIABLES],
  ['config/setup-page.ts', SETUP_PAGE_VARIABLES],
])('every variable read by %s is in the README and .env.example', (_file, names) => {
  expect(names.length).toBeGreaterThan(5);
  const env = read('.env.example');
  expect(names.filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  expect(names.filter((name) => !new RegExp(`^#? ?${name}=`, 'm').test(env))).toEqual([]);
});

test('every document the README links to exists', () => {
  for (const [, target] of readme.matchAll(/\]\(((?:docs\/)[^)#]+)\)/g)) expect(() => read(target!)).not.toThrow();
});
