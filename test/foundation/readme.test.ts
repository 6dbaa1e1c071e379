// The README stays true: its two quick-start commands exist, and every environment variable the service reads is
// documented there and in .env.example.
import { readFileSync } from 'node:fs';

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
const readme = read('README.md');

function variablesReadBy(file: string): string[] {
  const source = read(file);
  const names = [...source.matchAll(/env\.([A-Z][A-Z0-9_]+)|\(env, '([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1] ?? m[2]!);
  return [...new Set(names)].sort();
}

test('the quick start is `npm start` and `npm test`, and both scripts exist', () => {
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
  expect(readme).toMatch(/```sh\nnpm start[^\n]*\nnpm test[^\n]*\n```/);
  expect(scripts.start).toBeDefined();
  expect(scripts.test).toBeDefined();
  expect(read('.ci/run')).toContain('npm test');
});

test.each(['config/env.ts', 'config/triggers.ts'])('every variable read by %s is in the README and .env.example', (file) => {
  const names = variablesReadBy(file);
  expect(names.length).toBeGreaterThan(5);
  const env = read('.env.example');
  expect(names.filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  expect(names.filter((name) => !new RegExp(`^#? ?${name}=`, 'm').test(env))).toEqual([]);
});

test('every document the README links to exists', () => {
  for (const [, target] of readme.matchAll(/\]\(((?:docs\/)[^)#]+)\)/g)) expect(() => read(target!)).not.toThrow();
});
