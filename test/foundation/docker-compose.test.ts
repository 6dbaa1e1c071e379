// docker-compose.yml cannot run here (no Docker engine), so its wiring is checked statically.
import { readFileSync, existsSync } from 'node:fs';
import { parse } from 'yaml';
import { loadConfig } from '../../config/env.js';
import { loadSetupPageConfig, setupLinkSettings } from '../../config/setup-page.js';

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }> | string[];
  profiles?: string[];
}

const compose = parse(readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8')) as { services: Record<string, Service> };
const { services } = compose;

/** Compose's own interpolation of `${NAME:-default}` and `${NAME:?error}` from the shell or .env (`vars`). */
function interpolate(environment: Record<string, string>, vars: Record<string, string>): Record<string, string> {
  const value = (raw: string) =>
    raw.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, name: string, kind?: string, word = '') => {
      if (vars[name]) return vars[name];
      if (kind === '?') throw new Error(word);
      return word;
    });
  return Object.fromEntries(Object.entries(environment).map(([key, raw]) => [key, value(raw)]));
}

function dependsOn(service: Service): string[] {
  return Array.isArray(service.depends_on) ? service.depends_on : Object.keys(service.depends_on ?? {});
}

test('has the Temporal server on PostgreSQL, the Web UI, the simulator and our worker', () => {
  expect(Object.keys(services).sort()).toEqual(['grafana', 'postgresql', 'prometheus', 'setup-page', 'simulator', 'temporal', 'temporal-ui', 'worker']);
});

test('official images are pinned by version, never latest', () => {
  for (const [name, service] of Object.entries(services)) {
    if (service.build) continue;
    expect(`${name}: ${service.image}`).toMatch(/^[\w-]+: (postgres|temporalio\/[\w-]+|prom\/prometheus|grafana\/grafana):v?\d+\.\d+(\.\d+)?$/);
  }
  expect(readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8')).toMatch(/^FROM node:20\.\d+\.\d+-bookworm-slim$/m);
});

test('the Temporal server uses the PostgreSQL service with its credentials', () => {
  const temporal = services.temporal!.environment!;
  const postgres = services.postgresql!.environment!;
  expect(temporal.POSTGRES_SEEDS).toBe('postgresql');
  expect(temporal.POSTGRES_USER).toBe(postgres.POSTGRES_USER);
  expect(temporal.POSTGRES_PWD).toBe(postgres.POSTGRES_PASSWORD);
  expect(dependsOn(services.temporal!)).toContain('postgresql');
});

test('the Web UI and the worker reach the Temporal frontend by service name and port', () => {
  const frontendPort = services.temporal!.ports!.map((p) => p.split(':')[1]).find((p) => p === '7233');
  expect(frontendPort).toBe('7233');
  expect(services['temporal-ui']!.environment!.TEMPORAL_ADDRESS).toBe('temporal:7233');
  expect(services.worker!.environment!.TEMPORAL_ADDRESS).toBe('temporal:7233');
  expect(dependsOn(services.worker!)).toEqual(expect.arrayContaining(['temporal', 'simulator']));
  expect(services['temporal-ui']!.ports).toContain('8080:8080');
  expect(services['temporal-ui']!.environment!.TEMPORAL_CORS_ORIGINS).toBe('http://localhost:8080');
});

test('the worker talks to the simulator service, whose port and host match', () => {
  const simulator = services.simulator!;
  const port = simulator.environment!.SIMULATOR_PORT;
  expect(simulator.environment!.SIMULATOR_HOST).toBe('0.0.0.0');
  expect(simulator.ports).toContain(`${port}:${port}`);
  expect(services.worker!.environment!.LINEWORKS_API_BASE_URL).toBe(`http://simulator:${port}/v1.0`);
});

test("the worker's and simulator's environment is valid configuration for our service", () => {
  for (const name of ['worker', 'simulator']) {
    expect(() => loadConfig(interpolate(services[name]!.environment!, {}))).not.toThrow();
  }
  expect(loadConfig(services.worker!.environment).temporal.taskQueue).toBe('lineworks-partner');
});

test('our images are built from the Dockerfile and run npm scripts that exist', () => {
  const scripts = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }).scripts;
  for (const name of ['worker', 'simulator', 'setup-page']) {
    expect(services[name]!.build).toBe('.');
    const [npm, run, script] = services[name]!.command!;
    expect([npm, run]).toEqual(['npm', 'run']);
    expect(scripts[script!]).toBeDefined();
  }
  expect(existsSync(new URL('../../Dockerfile', import.meta.url))).toBe(true);
});

test('Prometheus scrapes the worker\'s metrics port and loads the alert rules; Grafana gets the dashboard; mounted files exist', () => {
  const worker = services.worker!.environment!;
  const workerConfig = loadConfig(interpolate(worker, {})).observability.metrics!;
  expect(workerConfig.host).toBe('0.0.0.0');
  const prometheusConfig = parse(readFileSync(new URL('../../deploy/observability/prometheus.yml', import.meta.url), 'utf8')) as {
    rule_files: string[];
    scrape_configs: Array<{ static_configs: Array<{ targets: string[] }> }>;
  };
  expect(prometheusConfig.scrape_configs.flatMap((c) => c.static_configs.flatMap((s) => s.targets))).toContain(`worker:${workerConfig.port}`);
  const mounts = ['prometheus', 'grafana'].flatMap((name) => services[name]!.volumes!.map((v) => v.split(':')));
  for (const [source] of mounts) expect(existsSync(new URL(`../../${source!.replace(/^\.\//, '')}`, import.meta.url))).toBe(true);
  const ruleFile = prometheusConfig.rule_files[0]!;
  expect(mounts.find(([, target]) => target === ruleFile)?.[0]).toBe('./deploy/observability/alert-rules.yml');
  expect(dependsOn(services.grafana!)).toContain('prometheus');
});

test('the setup page (profile setup-page) and the worker share the secret and base URL from .env; without a secret the worker hands out no links and the page has none (it refuses to start)', () => {
  const page = services['setup-page']!;
  expect(page.profiles).toEqual(['setup-page']);
  expect(dependsOn(page)).toContain('temporal');
  const vars = { SETUP_PAGE_SECRET: 'a-test-secret-of-more-than-32-characters!' };
  const pageConfig = loadSetupPageConfig(interpolate(page.environment!, vars));
  const workerLinks = setupLinkSettings(loadSetupPageConfig(interpolate(services.worker!.environment!, vars)));
  expect(pageConfig.secret).toBe(vars.SETUP_PAGE_SECRET);
  expect(workerLinks).toEqual({ secret: vars.SETUP_PAGE_SECRET, baseUrl: pageConfig.baseUrl, linkMarginMs: pageConfig.linkMarginMs });
  expect(pageConfig.host).toBe('0.0.0.0');
  expect(page.ports).toContain(`${pageConfig.port}:${pageConfig.port}`);
  expect(page.environment!.TEMPORAL_ADDRESS).toBe('temporal:7233');

  // Compose interpolates every service before applying profiles: nothing may be required, or a plain `up` stops.
  expect(JSON.stringify(services)).not.toMatch(/\$\{\w+:\?/);
  expect(setupLinkSettings(loadSetupPageConfig(interpolate(services.worker!.environment!, {})))).toBeUndefined();
  expect(loadSetupPageConfig(interpolate(page.environment!, {})).secret).toBeUndefined();
});
