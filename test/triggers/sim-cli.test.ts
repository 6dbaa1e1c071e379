// partnerctl sim: the simulator's controls against a real simulator over HTTP (they need no Temporal server).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { main } from '../../cli/partnerctl.js';
import { clientFor, journal, startTestSimulator, type RunningSimulator } from '../helpers/simulator.js';

let simulator: RunningSimulator;
let dir: string;

beforeAll(async () => {
  simulator = await startTestSimulator({ startTime: '2026-04-01T00:00:00Z', freezeClock: true });
  dir = mkdtempSync(path.join(tmpdir(), 'sim-cli-'));
});

afterAll(async () => {
  await simulator?.app.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `sim` commands never touch Temporal: a client that fails if used proves it. */
const noTemporal = new Proxy({}, { get: () => { throw new Error('sim commands must not use Temporal'); } }) as Client;

async function partnerctl(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const deps = { client: noTemporal, taskQueue: 'unused', simulatorUrl: simulator.url, nextSteps: {}, partnerApi: clientFor(simulator) };
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) }, deps);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const sim = (...args: string[]) => partnerctl('sim', ...args);

test('clock: show, advance by a duration, and a bad duration is refused before any call', async () => {
  expect(await sim('clock')).toMatchObject({ code: 0, out: 'simulator clock: 2026-04-01T00:00:00.000Z (today 2026-04-01 in Asia/Tokyo), frozen' });
  const advanced = await sim('clock', 'advance', '2d');
  expect(advanced.code).toBe(0);
  expect(advanced.out).toContain('simulator clock: 2026-04-03T00:00:00.000Z (today 2026-04-03 in Asia/Tokyo), frozen');
  expect(JSON.parse((await sim('clock', 'show', '--json')).out)).toMatchObject({ now: '2026-04-03T00:00:00.000Z', today: '2026-04-03' });
  const bad = await sim('clock', 'advance', 'soon');
  expect(bad).toMatchObject({ code: 2, err: expect.stringContaining('needs a duration such as 1d, 3h or "2 days" (got soon)') });
});

test('seed from a file, then the world is there through the Partner API; a broken file is refused naming it', async () => {
  const file = path.join(dir, 'world.json');
  writeFileSync(file, JSON.stringify({ customers: [{ domain: 'seeded.by-works.com', companyName: 'Seeded Inc.', subscriptions: [{ productId: 'STD_T', plan: 'MONTHLY', licenseCount: 10 }] }] }));
  const seeded = await sim('seed', file, '--json');
  expect(seeded.code).toBe(0);
  const { domainIds } = JSON.parse(seeded.out) as { domainIds: number[] };
  expect(domainIds).toHaveLength(1);
  const customer = await clientFor(simulator).call('getCustomer', { path: { domainId: domainIds[0]! } });
  expect(customer.body).toMatchObject({ domain: 'seeded.by-works.com' });

  writeFileSync(path.join(dir, 'broken.json'), '{ not json');
  expect(await sim('seed', path.join(dir, 'broken.json'))).toMatchObject({ code: 2, err: expect.stringContaining('broken.json') });
});

test('faults: queue the next calls of an operation, show them, see them in the journal, clear them', async () => {
  expect((await sim('faults', 'next', 'listCustomers', 'error', '--count', '2')).out).toBe('the next 2 call(s) of listCustomers get: error');
  expect((await sim('faults')).out).toContain('listCustomers');
  const api = clientFor(simulator);
  await expect(api.call('listCustomers', {})).rejects.toThrow();
  const listed = await sim('journal', '--operation', 'listCustomers', '--limit', '1', '--json');
  expect(JSON.parse(listed.out)).toMatchObject({ entries: [{ operation: 'listCustomers', status: 500 }] });
  expect((await sim('journal', '--operation', 'listCustomers')).out).toMatch(/ 500 listCustomers +GET \/v1\.0\/partners\/customers/);
  expect((await sim('faults', 'clear')).code).toBe(0);
  expect((await sim('faults')).out).toContain('no faults set');
  expect((await sim('faults', 'next', 'noSuchOperation', 'error')).err).toContain('noSuchOperation is not a Partner API operationId');
});

test('reset empties the world; an unknown sim command and an unreachable simulator say so', async () => {
  expect(await sim('reset')).toMatchObject({ code: 0, out: 'the simulated world is empty again (clock restarted)' });
  expect(await journal(simulator)).toEqual([]);
  expect(await sim('weather')).toMatchObject({ code: 2, err: expect.stringContaining('unknown sim command weather') });
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['sim', 'clock', '--simulator', 'http://127.0.0.1:9'], { out: (s) => out.push(s), err: (s) => err.push(s) }, { client: noTemporal, taskQueue: 'unused', nextSteps: {} });
  expect(code).toBe(1);
  expect(err.join('\n')).toContain('the simulator does not answer at http://127.0.0.1:9');
});

test('get subscription and get option-order read one thing from the Partner API; unknown ones are the API\'s 404', async () => {
  const file = path.join(dir, 'reads.json');
  writeFileSync(
    file,
    JSON.stringify({
      customers: [
        {
          domain: 'reads.example',
          companyName: 'Reads Inc.',
          activated: true,
          subscriptions: [{ productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 10 }],
          options: [{ optionProductId: 'CST_S', subOptionId: 'CST_S01', quantity: 2 }],
        },
      ],
    }),
  );
  const { domainIds } = JSON.parse((await sim('seed', file, '--json')).out) as { domainIds: number[] };
  const domainId = domainIds[0]!;
  const api = clientFor(simulator);
  const subscription = (await api.listSubscriptions(domainId)).subscriptions![0]!;
  const shown = await partnerctl('get', 'subscription', String(domainId), String(subscription.subscriptionId), '--json');
  expect(shown.code).toBe(0);
  expect(JSON.parse(shown.out)).toEqual(JSON.parse(JSON.stringify(subscription)));
  expect((await partnerctl('get', 'subscription', String(domainId), String(subscription.subscriptionId))).out).toContain(`subscription ${subscription.subscriptionId} of domain ${domainId}:`);
  const listed = await partnerctl('get', 'subscriptions', String(domainId), '--json');
  expect(JSON.parse(listed.out)).toMatchObject({ subscriptions: [{ subscriptionId: subscription.subscriptionId, productId: 'STD' }] });

  const today = (JSON.parse((await sim('clock', '--json')).out) as { today: string }).today;
  const firstOfNextMonth = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)), 1)).toISOString().slice(0, 10);
  await api.addOptionProductOrders(domainId, { optionProductId: 'CST_S', subOptionId: 'CST_S01', type: 'CHANGE_QUANTITY', quantity: 4, applyDate: firstOfNextMonth });
  const order = await partnerctl('get', 'option-order', String(domainId), 'CST_S', '--json');
  expect(order.code).toBe(0);
  expect(JSON.parse(order.out)).toMatchObject({ optionProductId: 'CST_S', quantity: 4, applyDate: firstOfNextMonth });

  const missing = await partnerctl('get', 'subscription', String(domainId), '999999');
  expect(missing.code).toBe(1);
  expect(missing.err).toContain(`subscription 999999 of domain ${domainId}:`);
  expect((await partnerctl('get', 'subscription', 'acme', '1')).code).toBe(2);
});
