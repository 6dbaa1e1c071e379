// Lists every pending scheduled change across customers: pre-orders, reservations, renewal changes, option tasks,
// option renewal changes, tenant cancellations and user-cap changes.
//   npx tsx scripts/calendar.ts [--domain-id 10000001 ...] [--json]
// Reads the Partner API directly (LINEWORKS_API_BASE_URL or the real API with credentials); writes nothing.
import { parseArgs } from 'node:util';
import { listScheduledChanges } from '../activities/calendar.js';
import { hasCredentials, loadConfig } from '../config/env.js';
import { partnerClientFromConfig } from '../partner-api/from-config.js';
import { calendarTable } from '../domain/subscriptions/calendar-entries.js';

const { values } = parseArgs({
  options: {
    'domain-id': { type: 'string', multiple: true },
    json: { type: 'boolean', default: false },
  },
});

const domainIds = (values['domain-id'] ?? []).map((raw) => {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) {
    console.error(`--domain-id must be a positive integer, got "${raw}"`);
    process.exit(2);
  }
  return id;
});

const config = loadConfig();
const baseUrl = config.partnerApi.baseUrl ?? (hasCredentials(config.partnerApi.credentials) ? 'https://www.worksapis.com/v1.0' : undefined);
if (!baseUrl) {
  console.error('no LINE WORKS credentials and no LINEWORKS_API_BASE_URL: set credentials, or point LINEWORKS_API_BASE_URL at a simulator');
  process.exit(1);
}
try {
  const entries = await listScheduledChanges(partnerClientFromConfig(config, baseUrl), domainIds);
  console.log(values.json ? JSON.stringify(entries, null, 2) : entries.length ? calendarTable(entries) : 'no pending scheduled changes');
} catch (err) {
  // The API's errors name the operation and status; no stack trace for people.
  console.error(`calendar: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
