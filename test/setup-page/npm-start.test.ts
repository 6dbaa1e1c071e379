// `npm start` (scripts/start.ts) runs the setup page server with the worker: the link its worker signs (with the
// secret it keeps in DATA_DIR, 0600) for a custom-domain onboarding that waits for DNS opens there.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setupLinkUrl } from '../../setup-link/signed-link.js';
import { onboardingStatusQuery } from '../../workflows/index.js';
import { freePort } from '../helpers/ports.js';
import { spawnService, stopChild as stop } from '../helpers/processes.js';
import { uniqueTaskQueue } from '../helpers/temporal.js';
import { simulatedDnsEnvForSuite } from '../lifecycle/lifecycle-support.js';
import { HOUR_MS, linkFor, SECRET, startWaitingOnboarding, until, withDnsWorker } from './support.js';

const suite = simulatedDnsEnvForSuite();
// Each test starts a service process and waits up to 2 minutes for it to be up (npm start bundles the workflows): the
// test's own bound is more than jest's default 120 s, so that a loaded CI machine only makes it slower.
const SERVICE_TEST_TIMEOUT_MS = 240_000;

test('npm start serves the setup page at its base URL, and the links its worker signs with its data directory secret open there', async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'setup-page-start-'));
  const port = await freePort();
  const taskQueue = uniqueTaskQueue('setup-page-start');
  const { child, output } = spawnService('scripts/start.ts', {
    TEMPORAL_ADDRESS: suite.env.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    LINEWORKS_API_BASE_URL: suite.simulator.baseUrl,
    DNS_RESOLVERS: suite.dns.server,
    DNS_AUTHORITATIVE_PORT: String(suite.dns.port),
    DATA_DIR: dataDir,
    SETUP_PAGE_PORT: String(port),
    SCHEDULES_ENABLED: 'false',
    METRICS_ENABLED: 'false',
    LOG_LEVEL: 'warn',
  });
  try {
    await until('the start banner', async () => output(), (text) => text.includes('DNS setup page') || child.exitCode !== null, 1_200);
    expect(output()).toContain(`DNS setup page   http://127.0.0.1:${port}  (links start with http://127.0.0.1:${port}/setup/; signed with the secret in ${path.join(dataDir, 'setup-page-secret')})`);
    const secretFile = path.join(dataDir, 'setup-page-secret');
    expect((await stat(secretFile)).mode & 0o777).toBe(0o600);
    const secret = (await readFile(secretFile, 'utf8')).trim();
    expect(output()).not.toContain(secret);

    const domain = 'start-page.example';
    const handle = await startWaitingOnboarding(suite, taskQueue, domain);
    // npm start's worker signs the run's link with that secret, for its page server's address.
    const status = await until('the setup link', () => handle.query(onboardingStatusQuery), (s) => s.setupPage !== undefined);
    const link = status.setupPage!.url;
    expect(link.startsWith(`http://127.0.0.1:${port}/setup/${domain}/`)).toBe(true);
    const page = await fetch(link);
    expect(page.status).toBe(200);
    // The customer's locale is ja_JP: the page is in Japanese.
    expect(await page.text()).toContain(`<h1>${domain} の DNS 設定</h1>`);
    // A link signed with any other secret opens nothing there.
    const forged = setupLinkUrl(`http://127.0.0.1:${port}`, { domain, workflowId: handle.workflowId, firstRunId: handle.firstExecutionRunId, expiresAt: Date.now() + HOUR_MS }, 'x'.repeat(40));
    expect((await fetch(forged)).status).toBe(403);
    await handle.terminate('test over');
  } finally {
    await stop(child);
    await rm(dataDir, { recursive: true, force: true });
  }
}, SERVICE_TEST_TIMEOUT_MS);

test('npm run setup-page serves the page on its own with SETUP_PAGE_SECRET, and refuses to start without it', async () => {
  const missing = spawnService('setup-page/main.ts', { TEMPORAL_ADDRESS: suite.env.address, SETUP_PAGE_SECRET: '' });
  const code = await new Promise<number | null>((resolve) => missing.child.once('exit', resolve));
  expect(code).toBe(2);
  expect(missing.output()).toContain('SETUP_PAGE_SECRET is not set');

  const port = await freePort();
  const { child, output } = spawnService('setup-page/main.ts', { TEMPORAL_ADDRESS: suite.env.address, SETUP_PAGE_SECRET: SECRET, SETUP_PAGE_PORT: String(port), LOG_LEVEL: 'info' });
  try {
    const base = `http://127.0.0.1:${port}`;
    await until('the page server', () => fetch(`${base}/healthz`).then((r) => r.status, () => 0), (status) => status === 200 || child.exitCode !== null, 1_200);
    expect(output()).toContain('dns setup page listening');
    expect(output()).not.toContain(SECRET);
    const domain = 'standalone.example';
    await withDnsWorker(suite, 'setup-page-standalone', async (taskQueue) => {
      const handle = await startWaitingOnboarding(suite, taskQueue, domain);
      await until('the first DNS check', () => handle.query(onboardingStatusQuery), (s) => (s.dns?.checks ?? 0) >= 1);
      const page = await fetch(linkFor({ url: base }, handle, domain));
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(`<h1>${domain} の DNS 設定</h1>`);
      await handle.terminate('test over');
    });
  } finally {
    await stop(child);
  }
}, SERVICE_TEST_TIMEOUT_MS);
