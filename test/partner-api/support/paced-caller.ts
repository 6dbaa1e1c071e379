// One client process for the shared-limit test: a default PartnerApiClient (its own process-wide limiters) that, once
// told "go" on stdin, calls listCustomers from LANES concurrent callers for DURATION_MS, then prints its counts as
// JSON. Calls still waiting for the limiter at the end are abandoned, never sent.
//   CALLER_BASE_URL (the simulator's /v1.0 URL), CALLER_LANES (default 4), CALLER_DURATION_MS (default 8000)
import { StaticTokenProvider } from '../../../partner-api/auth.js';
import { PartnerApiClient } from '../../../partner-api/client.js';
import { PartnerRateLimitError } from '../../../partner-api/errors.js';
import { SIMULATOR_TOKEN } from '../../../partner-api/from-config.js';

const client = new PartnerApiClient({ baseUrl: process.env.CALLER_BASE_URL!, tokens: new StaticTokenProvider(SIMULATOR_TOKEN), timeoutMs: 5_000 });
const lanes = Number(process.env.CALLER_LANES ?? 4);
const durationMs = Number(process.env.CALLER_DURATION_MS ?? 8_000);
const counts = { ok: 0, rateLimited: 0, failed: 0 };

console.log('ready');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
const stop = AbortSignal.timeout(durationMs);
await Promise.all(
  Array.from({ length: lanes }, async () => {
    while (!stop.aborted) {
      try {
        await client.listCustomers({}, { signal: stop });
        counts.ok++;
      } catch (err) {
        if (stop.aborted) break;
        if (err instanceof PartnerRateLimitError) counts.rateLimited++;
        else counts.failed++;
      }
    }
  }),
);
console.log(JSON.stringify(counts));
process.exit(0);
