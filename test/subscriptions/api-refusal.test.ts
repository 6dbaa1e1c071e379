// When LINE WORKS itself refuses a value the input check cannot know is wrong (here: a plan that does not fit the
// product, a rule of the API), the failed run shows at its top the API's code and description and the input field
// they name, not "Activity task failed" with the API's words buried in the cause (workflows/api-refusals.ts).
import { WorkflowFailedError } from '@temporalio/client';
import { changeSubscription, subscriptionChangeWorkflowId } from '../../workflows/index.js';
import { inputFieldNamedBy } from '../../workflows/api-refusals.js';
import { journal, type RunningSimulator } from '../helpers/simulator.js';
import { uniqueTaskQueue } from '../helpers/temporal.js';
import { seedCustomer, STD_CUSTOMER, startRunningWorld, type RunningWorld } from './support.js';

let world: RunningWorld;
let sim: RunningSimulator;
const taskQueue = uniqueTaskQueue('api-refusal');

beforeAll(async () => {
  world = await startRunningWorld(taskQueue);
  sim = world.sim;
});

afterAll(async () => {
  await world?.stop();
});

test('an API refusal fails the run with ERR_PARTNER_VALIDATION on top: operation, API code and description, input field', async () => {
  const domainId = await seedCustomer(sim, STD_CUSTOMER);
  const input = { domainId, requestId: 'refused-plan', action: 'ADD_SUBSCRIPTION' as const, productId: 'ROG_FR', plan: 'MONTHLY', when: 'now' };
  const error = await world.env.client.workflow
    .execute(changeSubscription, { taskQueue, workflowId: subscriptionChangeWorkflowId(domainId, input.requestId), args: [input] })
    .catch((err: unknown) => err);
  expect(error).toBeInstanceOf(WorkflowFailedError);
  const top = (error as WorkflowFailedError).cause as unknown as { type?: string; message: string; details?: Array<Record<string, unknown>>; cause?: { message: string } };
  expect(top.type).toBe('ERR_PARTNER_VALIDATION');
  expect(top.message).toMatch(/^addSubscription refused the request: INVALID_PARAMETER: .*\bplan\b.* \(input field plan\)$/);
  expect(top.details?.[0]).toMatchObject({ operation: 'addSubscription', apiCode: 'INVALID_PARAMETER', field: 'plan' });
  // The activity failure is still there underneath, for whoever needs the attempt's details.
  expect(top.cause?.message).toBe('Activity task failed');
  expect((await journal(sim)).filter((e) => e.operation === 'addSubscription').map((e) => e.status)).toEqual([400]);
});

test('the input field is the longest path the API names, or none', () => {
  const input = { domainId: 1, changes: { timeZone: 'X', partnership: { customerCode: 'c', memo: 'm' } } };
  expect(inputFieldNamedBy(input, 'INVALID_PARAMETER timeZone must be an IANA time zone such as Asia/Tokyo')).toBe('changes.timeZone');
  expect(inputFieldNamedBy(input, 'INVALID_PARAMETER partnership.customerCode must be at most 200 bytes')).toBe('changes.partnership.customerCode');
  expect(inputFieldNamedBy(input, 'ALREADY_EXIST The domain is already in use')).toBeUndefined();
  expect(inputFieldNamedBy({ plan: 'MONTHLY', planned: true }, 'INVALID_PARAMETER plan MONTHLY does not fit')).toBe('plan');
});
