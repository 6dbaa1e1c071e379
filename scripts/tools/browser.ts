// Debian's chromium, which the DNS setup page's browser test drives with playwright-core (test/setup-page/browser.test.ts).
// Installed with apt when missing and we are root (CI containers); otherwise a message says what to run, and the
// browser test fails saying the same.
import { spawnSync } from 'node:child_process';
import { isExecutable, say } from './cache.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_HINT = `Debian's chromium is not installed at ${CHROMIUM_PATH}: run \`sudo apt-get install -y chromium\` (or \`npm run install-tools -- --browser\` as root)`;

/** The path of chromium, installing it with apt-get as root when missing; undefined when it cannot be installed. */
export function ensureBrowser(): string | undefined {
  if (isExecutable(CHROMIUM_PATH)) {
    say(`chromium: ${CHROMIUM_PATH}`);
    return CHROMIUM_PATH;
  }
  if (process.getuid?.() !== 0) {
    say(`${CHROMIUM_HINT}. Not root, so not installing it; the browser test will fail until it is there.`);
    return undefined;
  }
  say('installing chromium with apt-get (for the setup page browser test)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (result.status !== 0) {
      say(`apt-get ${args.join(' ')} failed (exit ${result.status ?? result.signal}); the browser test will fail until chromium is installed.`);
      return undefined;
    }
  }
  return isExecutable(CHROMIUM_PATH) ? CHROMIUM_PATH : undefined;
}
