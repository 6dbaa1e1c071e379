// The setup page as a person sees it, in a real browser (Debian's chromium driven by playwright-core) on the real
// parts: the rows' text, the "check now" button doing a check, the copy buttons, and the page turning green by itself.
// A screenshot is kept in reports/setup-page.png (CI keeps reports/ as an artefact).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import type { SetupPageServer } from '../../setup-page/app.js';
import { CHROMIUM_HINT, CHROMIUM_PATH } from '../../scripts/tools/browser.js';
import { isExecutable } from '../../scripts/tools/cache.js';
import { onboardingStatusQuery } from '../../workflows/index.js';
import { simulatedDnsEnvForSuite } from '../lifecycle/lifecycle-support.js';
import { linkFor, sim, startPageServer, startWaitingOnboarding, until, withDnsWorker } from './support.js';

const SCREENSHOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../reports/setup-page.png');

const suite = simulatedDnsEnvForSuite();
let server: SetupPageServer;
let browser: Browser;
beforeAll(async () => {
  if (!isExecutable(CHROMIUM_PATH)) throw new Error(CHROMIUM_HINT);
  server = await startPageServer(suite);
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test('a person sees each record with its status per server, presses "check now", and watches the page turn green', async () => {
  const domain = 'browser.example';
  await withDnsWorker(suite, 'setup-page-browser', async (taskQueue) => {
    const handle = await startWaitingOnboarding(suite, taskQueue, domain, { locale: 'en_US' });
    await until('the first DNS check', () => handle.query(onboardingStatusQuery), (s) => (s.dns?.checks ?? 0) >= 1);
    const expected = (await handle.query(onboardingStatusQuery)).dns!.expected;

    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1100, height: 900 } });
    // Waits for the page bounded generously (Playwright's default is 30 s): a loaded CI machine only makes them longer.
    context.setDefaultTimeout(60_000);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const page = await context.newPage();
    await page.goto(linkFor(server, handle, domain));

    // What a person reads: the heading, and one row per record with its type, host, value and state in words.
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(`DNS setup for ${domain}`);
    const rows = page.locator('tbody tr');
    await expect(rows.count()).resolves.toBe(expected.length);
    const txt = rows.filter({ has: page.locator('td:first-child', { hasText: /^TXT$/ }) });
    expect(await txt.innerText()).toContain(expected.find((r) => r.type === 'TXT')!.value);
    expect(await txt.locator('.state').innerText()).toBe('Not found yet');
    expect(await txt.innerText()).toContain(`TXT not found yet on ${suite.dns.server}`);
    expect(await page.locator('#check-count').innerText()).toBe('(1 check so far)');

    // The copy button puts the exact value on the clipboard and says so.
    await txt.getByRole('button', { name: 'Copy TXT Value' }).click();
    await expect(page.evaluate<string>('navigator.clipboard.readText()')).resolves.toBe(expected.find((r) => r.type === 'TXT')!.value);
    await page.getByRole('status').filter({ hasText: 'Copied' }).waitFor();

    // The admin publishes the TXT record and presses "check now": the page checks at once (the run's own next check
    // is an hour away) and shows the row green without a reload by the person.
    await sim(suite, 'dns', 'publish', domain, '--only', 'TXT');
    await page.getByRole('button', { name: 'Check now' }).click();
    await page.locator('#check-count', { hasText: '(2 checks so far)' }).waitFor();
    const txtAfter = page.locator('tbody tr[data-type="TXT"]');
    expect(await txtAfter.locator('.state').innerText()).toBe('Found');
    expect(await txtAfter.getAttribute('class')).toBe('ok');
    expect(await txtAfter.innerText()).toContain(`TXT found on ${suite.dns.server}`);
    expect(await page.locator('tbody tr[data-type="MX"] .state').allInnerTexts()).toEqual(['Not found yet', 'Not found yet']);
    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // Everything published: the workflow activates and the open page says so by itself.
    await sim(suite, 'dns', 'publish', domain);
    await handle.signal('recheckDns');
    await handle.result();
    await page.locator('#phase', { hasText: 'Activated: your domain is ready.' }).waitFor();
    await expect(page.getByRole('button', { name: 'Check now' }).count()).resolves.toBe(0);
    await context.close();
  });
});

test('a Japanese browser gets the page in Japanese, and a refused link shows nothing but "link not valid"', async () => {
  const domain = 'browser-ja.example';
  await withDnsWorker(suite, 'setup-page-browser-ja', async (taskQueue) => {
    const handle = await startWaitingOnboarding(suite, taskQueue, domain);
    await until('the first DNS check', () => handle.query(onboardingStatusQuery), (s) => (s.dns?.checks ?? 0) >= 1);
    const context = await browser.newContext({ locale: 'ja-JP' });
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    await page.goto(linkFor(server, handle, domain));
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('ja');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(`${domain} の DNS 設定`);
    await expect(page.getByRole('button', { name: '今すぐ確認' }).count()).resolves.toBe(1);

    const refused = await page.goto(linkFor(server, handle, domain, { expiresAt: Date.now() - 1_000 }));
    expect(refused!.status()).toBe(403);
    expect((await page.locator('body').innerText()).split('\n').filter(Boolean)).toEqual(['リンクが無効です', 'このリンクは無効です。パートナーに新しいリンクをお求めください。']);
    await context.close();
    await handle.terminate('test over');
  });
});
