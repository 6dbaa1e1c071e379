// partnerctl start with bad input, table-driven from test/triggers/bad-inputs.ts, for every workflow a client can
// start: refused with exit 2 naming every field at fault, nothing started in Temporal, no call to the Partner API.
import { WorkflowNotFoundError } from '@temporalio/client';
import { main } from '../../cli/partnerctl.js';
import type { CliIo } from '../../cli/io.js';
import { WORKFLOW_CATALOG } from '../../workflows/catalog.js';
import { journal } from '../helpers/simulator.js';
import { badInputs } from './bad-inputs.js';
import { startTriggerEnv, type TriggerEnv } from './support.js';

let t: TriggerEnv;

beforeAll(async () => {
  t = await startTriggerEnv('cli-bad-input');
});

afterAll(async () => {
  await t?.close();
});

async function run(args: string[]): Promise<{ code: number; printed: { error?: string; problems?: string[] } }> {
  const out: string[] = [];
  const io: CliIo = { out: (s) => out.push(s), err: () => undefined };
  const code = await main(args, io, { client: t.env.client, taskQueue: t.taskQueue });
  return { code, printed: JSON.parse(out.join('\n')) as { error?: string; problems?: string[] } };
}

const table = WORKFLOW_CATALOG.flatMap((entry) => badInputs(entry.example, entry.parseInput).map((bad) => ({ type: entry.type, ...bad })));

test('the table has at least ten bad inputs for every workflow type', () => {
  for (const entry of WORKFLOW_CATALOG) expect(table.filter((row) => row.type === entry.type).length).toBeGreaterThanOrEqual(10);
});

test.each(table.map((row) => [row.type, row.why, row] as const))('start %s with %s is refused, naming the field', async (_type, _why, row) => {
  const { code, printed } = await run(['start', row.type, '--data', JSON.stringify(row.input), '--json']);
  expect(code).toBe(2);
  const said = [printed.error, ...(printed.problems ?? [])].join('\n');
  for (const field of row.fields) expect(said).toContain(field);
});

test('--data that is not a JSON object is one problem, "input must be a JSON object", not one per index or character', async () => {
  for (const data of ['[1,2,3]', '"acme.example"', 'null', '42', 'true']) {
    const { code, printed } = await run(['start', 'onboardCustomer', '--data', data, '--json']);
    expect(code).toBe(2);
    expect(printed.problems).toEqual([expect.stringMatching(/^input must be a JSON object \(--data is (an array|a string|null|a number|a boolean)\)$/)]);
  }
  // --set cannot reach Object.prototype.
  expect((await run(['start', 'driftCheck', '--set', '__proto__.polluted=1', '--json'])).code).toBe(2);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

test('nothing was started and the Partner API was never called', async () => {
  // Strongly consistent lookups under each example's business ID, then the task queue as a whole in visibility.
  for (const entry of WORKFLOW_CATALOG.filter((e) => !/<timestamp>|<YYYY/.test(e.workflowIdPattern))) {
    await expect(t.env.client.workflow.getHandle(entry.workflowId(entry.example, Date.now())).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  }
  expect((await t.env.client.workflow.count(`TaskQueue = "${t.taskQueue}"`)).count).toBe(0);
  expect(await journal(t.simulator)).toEqual([]);
});
