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
import { HOUR_MS, startWaitingOnboarding, until } from './support.js';

const suite = simulatedDnsEnvForSuite();

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
});
