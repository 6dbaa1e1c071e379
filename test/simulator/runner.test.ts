// Starting the simulator from configuration: the seed file and its errors, and background work on the real clock.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../config/env.js';
import { startSimulator } from '../../simulator/app.js';
import { simulatorOptionsFromConfig } from '../../simulator/from-config.js';
import { call, control, expectStatus, type RunningSim } from './support/api.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'simulator-seed-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

test('SIMULATOR_* settings and a seed file configure the simulator; bad files are named', async () => {
  const file = path.join(dir, 'world.json');
  await writeFile(file, JSON.stringify({ customers: [{ domain: 'seed.by-works.com', companyName: 'Seed', subscriptions: [{ productId: 'FR', plan: 'FREE' }] }] }));
  const config = loadConfig({ SIMULATOR_SEED_FILE: file, SIMULATOR_TIME_ZONE: 'UTC', SIMULATOR_DNS_SERVERS: '127.0.0.1:5353, 127.0.0.1:5354' });
  const options = await simulatorOptionsFromConfig(config.simulator);
  expect(options).toMatchObject({ timeZone: 'UTC', dnsResolver: { servers: ['127.0.0.1:5353', '127.0.0.1:5354'] } });
  const sim = await startSimulator(0, options);
  try {
    const { customers } = await expectStatus(sim, 200, 'listCustomers');
    expect(customers.map((c: { domain: string }) => c.domain)).toEqual(['seed.by-works.com']);
    expect((await control(sim, 'GET', '/clock')).body.timeZone).toBe('UTC');
  } finally {
    await sim.app.close();
  }
  expect(() => loadConfig({ SIMULATOR_TIME_ZONE: 'Mars/Olympus' })).toThrow(/SIMULATOR_TIME_ZONE/);
  const broken = path.join(dir, 'broken.json');
  await writeFile(broken, '{ not json');
  await expect(simulatorOptionsFromConfig(config.simulator, broken)).rejects.toThrow(broken);
  await expect(simulatorOptionsFromConfig(config.simulator, path.join(dir, 'missing.json'))).rejects.toThrow(/missing\.json/);
  await expect(startSimulator(0, { seed: { customers: [{ domain: 'x.by-works.com' }] } })).rejects.toThrow(/customers\[0\]/);
});

test('on the real clock, a transfer completes after its delay and an upgrade leaves UPGRADING', async () => {
  const sim: RunningSim = await startSimulator(0, { transferDelayMs: 150, upgradeDurationMs: 150 });
  try {
    await control(sim, 'POST', '/seed', {
      potentialCustomers: [{ domain: 'live.example', partnerCode: 'L1' }],
      customers: [{ domain: 'up.example', companyName: 'Up', activated: true, subscriptions: [{ productId: 'STD', plan: 'MONTHLY' }] }],
    });
    expect((await call(sim, 'transferPotentialCustomer', { path: { domain: 'live.example' }, body: { partnerCode: 'L1' } })).status).toBe(202);
    const [upgraded] = (await expectStatus(sim, 200, 'listCustomers', { query: { domain: 'up.example' } })).customers;
    const subscription = { domainId: upgraded.domainId, subscriptionId: 1001 };
    expect((await expectStatus(sim, 201, 'upgradeSubscription', { path: subscription, body: { productId: 'ADV' } })).status).toBe('UPGRADING');
    let domains: string[] = [];
    let status = 'UPGRADING';
    for (let i = 0; i < 1_200 && (!domains.includes('live.example') || status !== 'ACTIVE'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      domains = (await expectStatus(sim, 200, 'listCustomers')).customers.map((c: { domain: string }) => c.domain);
      status = (await expectStatus(sim, 200, 'getSubscription', { path: subscription })).status;
    }
    expect(domains).toContain('live.example');
    expect(status).toBe('ACTIVE');
  } finally {
    await sim.app.close();
  }
});
