// The page's limits against a script holding a link: its status is read once per run chain per interval whatever
// polls it, and "check now" is allowed once per interval per run chain, whichever of its links is pressed.
import { PerLinkLimiter } from '../../setup-page/rate-limit.js';
import { runChainKey, StatusCache } from '../../setup-page/status-cache.js';
import type { Opened, Unopened } from '../../setup-page/workflow-status.js';
import type { SetupLinkClaims } from '../../setup-link/signed-link.js';

const claims: SetupLinkClaims = { domain: 'acme-corp.example', workflowId: 'onboard/acme-corp.example', firstRunId: 'run-1', expiresAt: 1 };
const opened: Opened = { open: true, status: { domain: 'acme-corp.example', execution: 'RUNNING' } };

function clock(start = 1_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

test('many polls of one run chain within the interval make one read; after it, a new read', async () => {
  const time = clock();
  const cache = new StatusCache(2_000, time.now);
  let reads = 0;
  const read = async (): Promise<Opened> => {
    reads += 1;
    return opened;
  };
  const answers = await Promise.all(Array.from({ length: 20 }, () => cache.get(claims, read)));
  // A link re-signed with a later expiry opens the same chain: same reads.
  await cache.get({ ...claims, expiresAt: 99 }, read);
  expect(answers.every((a) => a === opened)).toBe(true);
  expect(reads).toBe(1);
  time.advance(2_000);
  await cache.get(claims, read);
  expect(reads).toBe(2);
});

test('another run chain or another domain is read on its own; an unreadable or failed read is not kept', async () => {
  const cache = new StatusCache(2_000, clock().now);
  let reads = 0;
  const unreadable: Unopened = { open: false, why: 'unreadable' };
  const read = (answer: Opened | Unopened) => async () => {
    reads += 1;
    return answer;
  };
  await cache.get(claims, read(opened));
  await cache.get({ ...claims, firstRunId: 'run-2' }, read(opened));
  await cache.get({ ...claims, domain: 'other.example' }, read(opened));
  expect(reads).toBe(3);
  const other = { ...claims, workflowId: 'onboard/other' };
  await cache.get(other, read(unreadable));
  await cache.get(other, read(unreadable));
  expect(reads).toBe(5);
  await expect(cache.get({ ...other, firstRunId: 'x' }, () => Promise.reject(new Error('down')))).rejects.toThrow('down');
  await cache.get({ ...other, firstRunId: 'x' }, read(opened));
  expect(reads).toBe(6);
});

test('"check now" is allowed once per interval per run chain, whichever of its links is pressed', () => {
  const time = clock();
  const limiter = new PerLinkLimiter(30_000, time.now);
  expect(limiter.take(runChainKey(claims))).toEqual({ ok: true });
  expect(limiter.take(runChainKey({ ...claims, expiresAt: 2 }))).toEqual({ ok: false, retryAfterSeconds: 30 });
  expect(limiter.take(runChainKey({ ...claims, firstRunId: 'run-2' }))).toEqual({ ok: true });
  time.advance(30_000);
  expect(limiter.take(runChainKey(claims))).toEqual({ ok: true });
});
