// A 400 on a read is the API refusing the request, never "nothing scheduled": the collision check must fail loudly
// instead of planning blind. A loopback proxy answers 400 to the base subscription's reservation read and forwards
// everything else to the simulator.
import { PartnerValidationError } from '../../partner-api/errors.js';
import { PartnerApiClient } from '../../partner-api/client.js';
import { StaticTokenProvider } from '../../partner-api/auth.js';
import { SIMULATOR_TOKEN } from '../../partner-api/from-config.js';
import { readOptionState } from '../../activities/options.js';
import { readSubscriptionState } from '../../activities/subscriptions.js';
import { startTestSimulator, type RunningSimulator } from '../helpers/simulator.js';
import { startLoopbackServer, type LoopbackServer } from '../partner-api/support/loopback-server.js';
import { seedCustomer, STD_CUSTOMER } from '../subscriptions/support.js';

let sim: RunningSimulator;
let proxy: LoopbackServer;

beforeAll(async () => {
  sim = await startTestSimulator();
  proxy = await startLoopbackServer(async (request) => {
    if (request.method === 'GET' && /\/subscriptions\/\d+\/reservation$/.test(request.url)) {
      return { status: 400, body: { code: 'INVALID_PARAMETER', description: 'refused by the test proxy' } };
    }
    const answer = await fetch(`${sim.url}${request.url}`, {
      method: request.method,
      headers: { authorization: String(request.headers.authorization), ...(request.body ? { 'content-type': 'application/json' } : {}) },
      ...(request.body ? { body: request.body } : {}),
    });
    const text = await answer.text();
    return { status: answer.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  });
});
afterAll(async () => {
  await proxy?.close();
  await sim?.app.close();
});

const client = () => new PartnerApiClient({ baseUrl: `${proxy.url}/v1.0`, tokens: new StaticTokenProvider(SIMULATOR_TOKEN), timeoutMs: 5_000, rateLimits: false });

test('a 400 on the base subscription reservation read fails the option collision read (it is not "no reservation")', async () => {
  const domainId = await seedCustomer(sim, { ...STD_CUSTOMER, domain: 'bad-request.example', options: [{ optionProductId: 'CST_S', subOptionId: 'CST_S01', quantity: 2 }] });
  await expect(readOptionState(client(), domainId, 'CST_S')).rejects.toBeInstanceOf(PartnerValidationError);
});

test('a 400 on the reservation read fails the subscription collision read too', async () => {
  const domainId = await seedCustomer(sim, { ...STD_CUSTOMER, domain: 'bad-request-2.example' });
  const subscriptionId = (await client().listSubscriptions(domainId)).subscriptions![0]!.subscriptionId;
  await expect(readSubscriptionState(client(), domainId, subscriptionId)).rejects.toBeInstanceOf(PartnerValidationError);
});
