// The Docker image installs production dependencies only (npm ci --omit=dev): code that runs in the service must not
// import a devDependency. Tests, benchmarks and generators may.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const RUNTIME_FOLDERS = ['activities', 'cli', 'config', 'crm', 'dns', 'domain', 'lib', 'observability', 'partner-api', 'setup-link', 'setup-page', 'simulator', 'webhook', 'workers', 'workflows', 'scripts'];
const DEV_TOOLS = [path.join('scripts', 'bench'), path.join('scripts', 'generate-api.ts')];

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (DEV_TOOLS.some((tool) => path.relative(root, file).startsWith(tool))) return [];
    if (statSync(file).isDirectory()) return tsFiles(file);
    return file.endsWith('.ts') ? [file] : [];
  });
}

function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]!)) return undefined;
  return specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
}

test('service code imports only production dependencies (type-only imports aside)', () => {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const allowed = new Set(Object.keys(pkg.dependencies));
  const offending: string[] = [];
  for (const folder of RUNTIME_FOLDERS) {
    for (const file of tsFiles(path.join(root, folder))) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/^import\s+(type\s+)?[^;]*?from\s+['"]([^'"]+)['"]/gm)) {
        const name = match[1] ? undefined : packageOf(match[2]!);
        if (name && !allowed.has(name)) offending.push(`${path.relative(root, file)} imports ${name}`);
      }
    }
  }
  expect(offending).toEqual([]);
});
