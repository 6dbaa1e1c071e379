// Installs the external tools the service and tests need, into a cache outside the clone.
// Usage: tsx scripts/install-tools.ts [--temporal-cli] [--test-server] [--browser]
import { ensureTemporalCli } from './tools/temporal-cli.js';
import { ensureTestServer } from './tools/test-server.js';
import { ensureBrowser } from './tools/browser.js';

const wanted = new Set(process.argv.slice(2));
for (const flag of wanted) {
  if (flag !== '--temporal-cli' && flag !== '--test-server' && flag !== '--browser') {
    console.error(`install-tools: unknown flag ${flag} (expected --temporal-cli, --test-server and/or --browser)`);
    process.exit(2);
  }
}
try {
  if (wanted.has('--temporal-cli')) ensureTemporalCli();
  if (wanted.has('--test-server')) ensureTestServer();
  if (wanted.has('--browser')) ensureBrowser();
} catch (err) {
  console.error(`install-tools: ${(err as Error).message}`);
  process.exit(1);
}
