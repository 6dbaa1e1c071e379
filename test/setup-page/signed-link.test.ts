// Setup page links: signed over the domain, the workflow ID, its first run ID and the expiry; anything else is refused
// with a typed reason (never shown to the customer). The activity signs with the worker's settings.
import { MockActivityEnvironment } from '@temporalio/testing';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createSetupLinkActivities, type SetupPageLink } from '../../activities/setup-link.js';
import { ConfigError } from '../../config/env.js';
import { loadSetupPageConfig, setupLinkSettings } from '../../config/setup-page.js';
import { createLogger } from '../../lib/logger.js';
import { localSetupPageSecret } from '../../setup-link/local-secret.js';
import { setupLinkUrl, signSetupLink, verifySetupLink, type SetupLinkClaims } from '../../setup-link/signed-link.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const NOW = Date.parse('2026-11-30T12:00:00Z');
const claims: SetupLinkClaims = { domain: 'acme-corp.example', workflowId: 'onboard/acme-corp.example', firstRunId: 'run-1', expiresAt: NOW + 3_600_000 };

test('a link signed with the secret verifies and gives back what it is bound to', () => {
  const token = signSetupLink(claims, SECRET);
  expect(verifySetupLink('acme-corp.example', token, SECRET, NOW)).toEqual({ ok: true, claims });
  // The domain is compared as DNS does: case and a trailing dot do not matter.
  expect(verifySetupLink('ACME-corp.example.', token, SECRET, NOW)).toEqual({ ok: true, claims });
});

test('an expired link is refused as expired', () => {
  const token = signSetupLink(claims, SECRET);
  expect(verifySetupLink('acme-corp.example', token, SECRET, claims.expiresAt)).toEqual({ ok: false, reason: 'expired' });
});

test('a link for another domain, a changed payload or signature, or another secret is refused as tampered', () => {
  const token = signSetupLink(claims, SECRET);
  const [payload, signature] = token.split('.') as [string, string];
  expect(verifySetupLink('other.example', token, SECRET, NOW)).toEqual({ ok: false, reason: 'tampered' });
  // Another run of the same workflow ID, or a later expiry, written into the payload without the secret.
  for (const forged of [{ ...claims, firstRunId: 'run-2' }, { ...claims, expiresAt: NOW + 365 * 86_400_000 }, { ...claims, workflowId: 'onboard/other.example' }]) {
    const forgedPayload = signSetupLink(forged, 'some-other-secret-0123456789-0123456789').split('.')[0]!;
    expect(verifySetupLink('acme-corp.example', `${forgedPayload}.${signature}`, SECRET, NOW)).toEqual({ ok: false, reason: 'tampered' });
  }
  const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'AB' : 'AA'}`;
  expect(verifySetupLink('acme-corp.example', `${payload}.${flipped}`, SECRET, NOW)).toEqual({ ok: false, reason: 'tampered' });
  expect(verifySetupLink('acme-corp.example', token, 'another-secret-that-is-long-enough-0123', NOW)).toEqual({ ok: false, reason: 'tampered' });
});

test('a link has one spelling: a signature respelled in its unused last bits is refused', () => {
  const token = signSetupLink(claims, SECRET);
  const [payload, signature] = token.split('.') as [string, string];
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  // The 43rd character carries 4 bits of the signature and 2 unused bits: 3 other characters decode to the same bytes.
  const respelled = [...alphabet].map((c) => `${signature.slice(0, -1)}${c}`).filter((s) => s !== signature && Buffer.from(s, 'base64url').equals(Buffer.from(signature, 'base64url')));
  expect(respelled).toHaveLength(3);
  for (const other of respelled) expect(verifySetupLink('acme-corp.example', `${payload}.${other}`, SECRET, NOW)).toEqual({ ok: false, reason: 'malformed' });
});

test('a link signed for another run of the same workflow verifies only as that run (the page server compares it)', () => {
  const other = verifySetupLink('acme-corp.example', signSetupLink({ ...claims, firstRunId: 'run-2' }, SECRET), SECRET, NOW);
  expect(other).toEqual({ ok: true, claims: { ...claims, firstRunId: 'run-2' } });
});

test('unsigned and garbled links are refused as malformed', () => {
  const token = signSetupLink(claims, SECRET);
  for (const bad of ['', 'abc', token.split('.')[0]!, `${token}.x`, `${token.split('.')[0]}.short`, 'x'.repeat(5000)]) {
    expect(verifySetupLink('acme-corp.example', bad, SECRET, NOW)).toEqual({ ok: false, reason: 'malformed' });
  }
  expect(verifySetupLink('acme corp/../x', token, SECRET, NOW)).toEqual({ ok: false, reason: 'malformed' });
});

test('the URL is <base>/setup/<domain>/<token>, whatever trailing slashes the base has', () => {
  const url = setupLinkUrl('https://setup.partner.example/dns/', claims, SECRET);
  expect(url).toBe(`https://setup.partner.example/dns/setup/acme-corp.example/${signSetupLink(claims, SECRET)}`);
});

test('setupPageLink signs until the DNS deadline plus the margin, and hands out nothing without a secret', async () => {
  const env = new MockActivityEnvironment();
  const config = loadSetupPageConfig({ SETUP_PAGE_SECRET: SECRET, SETUP_PAGE_BASE_URL: 'https://setup.partner.example' });
  expect(config.linkMarginMs).toBe(7 * 86_400_000);
  const { setupPageLink } = createSetupLinkActivities({ setupLinks: setupLinkSettings(config) });
  const deadline = '2026-12-03T12:00:00.000Z';
  const link = (await env.run(setupPageLink, { domain: claims.domain, workflowId: claims.workflowId, firstRunId: 'run-1', deadline })) as SetupPageLink | undefined;
  expect(link!.expiresAt).toBe('2026-12-10T12:00:00.000Z');
  const [, domain, token] = /\/setup\/([^/]+)\/([^/]+)$/.exec(link!.url)!;
  expect(link!.url.startsWith('https://setup.partner.example/setup/')).toBe(true);
  expect(verifySetupLink(domain!, token!, SECRET, Date.parse(deadline))).toEqual({
    ok: true,
    claims: { domain: claims.domain, workflowId: claims.workflowId, firstRunId: 'run-1', expiresAt: Date.parse(link!.expiresAt) },
  });
  expect(link!.url).not.toContain(SECRET);

  const none = createSetupLinkActivities({ setupLinks: setupLinkSettings(loadSetupPageConfig({})) });
  expect(await env.run(none.setupPageLink, { domain: claims.domain, workflowId: claims.workflowId, firstRunId: 'run-1', deadline })).toBeUndefined();
  await expect(env.run(setupPageLink, { domain: claims.domain, workflowId: claims.workflowId, firstRunId: 'run-1', deadline: 'soon' })).rejects.toThrow(/not an ISO date/);
});

test('the configuration names each bad variable and never echoes the secret', () => {
  const config = loadSetupPageConfig({ SETUP_PAGE_LINK_MARGIN: '36h', SETUP_PAGE_PORT: '9000' });
  expect(config).toMatchObject({ secret: undefined, host: '127.0.0.1', port: 9000, baseUrl: 'http://127.0.0.1:9000', linkMarginMs: 36 * 3_600_000, checkNowIntervalMs: 30_000 });
  let error: unknown;
  try {
    loadSetupPageConfig({ SETUP_PAGE_SECRET: 'short-secret', SETUP_PAGE_LINK_MARGIN: 'forever', SETUP_PAGE_BASE_URL: 'ftp://x', SETUP_PAGE_CHECK_NOW_SECONDS: '0' });
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(ConfigError);
  const problems = (error as ConfigError).problems.join('\n');
  for (const name of ['SETUP_PAGE_SECRET', 'SETUP_PAGE_LINK_MARGIN', 'SETUP_PAGE_BASE_URL', 'SETUP_PAGE_CHECK_NOW_SECONDS']) expect(problems).toContain(name);
  expect(problems).not.toContain('short-secret');
});

test('npm start keeps a random secret per data directory in a 0600 file, the same across restarts', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'setup-secret-'));
  try {
    const first = await localSetupPageSecret(path.join(dir, 'data'));
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(await localSetupPageSecret(path.join(dir, 'data'))).toBe(first);
    const file = path.join(dir, 'data', 'setup-page-secret');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim()).toBe(first);
    expect(await localSetupPageSecret(path.join(dir, 'other'))).not.toBe(first);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a logged setup page configuration shows no secret', () => {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
  const config = loadSetupPageConfig({ SETUP_PAGE_SECRET: SECRET });
  createLogger({ level: 'info' }, stream).info({ setupPage: config, worker: { setupLinks: setupLinkSettings(config) }, ...config }, 'config');
  expect(lines.join('')).not.toContain(SECRET);
  expect(lines.join('')).toContain('[REDACTED]');
});
