// Installs the external tools the service and tests need, into a cache outside the clone.
// Usage: tsx scripts/install-tools.ts [--temporal-cli] [--test-server]
import { ensureTemporalCli } from './tools/temporal-cli.js';
import { ensureTestServer } from './tools/test-server.js';

const wanted = new Set(process.argv.slice(2));
for (const flag of wanted) {
  if (flag !== '--temporal-cli' && flag !== '--test-server') {
    console.error(`install-tools: unknown flag ${flag} (expected --temporal-cli and/or --test-server)`);
    process.exit(2);
  }
}
try {
  if (wanted.has('--temporal-cli')) ensureTemporalCli();
  if (wanted.has('--test-server')) ensureTestServer();
} catch (err) {
  console.error(`install-tools: ${(err as Error).message}`);
  process.exit(1);
}
