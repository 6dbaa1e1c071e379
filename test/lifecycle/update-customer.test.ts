// Customer details end to end: the activities (get, list all pages, replace, patch) through a real worker, and the
// updateCustomerDetails workflow for CRM-driven changes; a real Temporal dev server and the simulator over HTTP.
import { WorkflowFailedError } from '@temporalio/client';
import type { Customer } from '../../partner-api/types.js';
import { updateCustomerDetails, updateCustomerWorkflowId, type UpdateCustomerDetailsInput, type UpdateCustomerDetailsResult } from '../../workflows/index.js';
import { activities } from './lifecycle-activities.js';
import { calls, failureOf, queueFault, resetSimulator, seedCustomer, startLifecycleEnv, stopLifecycleEnv, withWorker, type LifecycleEnv } from './lifecycle-support.js';

let ctx: LifecycleEnv;
beforeAll(async () => {
  ctx = await startLifecycleEnv();
});
afterAll(() => stopLifecycleEnv(ctx));
beforeEach(() => resetSimulator(ctx.simulator));

function run(input: UpdateCustomerDetailsInput, name = 'customer-update'): Promise<UpdateCustomerDetailsResult> {
  return withWorker(ctx, name, (taskQueue) =>
    ctx.env.client.workflow.execute(updateCustomerDetails, { taskQueue, workflowId: updateCustomerWorkflowId(input.domainId), args: [input] }),
  );
}

test('only the fields that differ are sent; before and after are reported', async () => {
  const { domainId } = seedCustomer(ctx.simulator, 'details.example');
  const result = await run({
    domainId,
    requestedBy: 'crm:deal-42',
    changes: { companyName: 'Acme Holdings', phoneNumber: '03-0000-0000', locale: 'ja_JP', partnership: { memo: 'key account' } },
  });
  expect(result).toMatchObject({
    outcome: 'UPDATED',
    changed: [
      { field: 'companyName', before: 'Acme Inc.', after: 'Acme Holdings' },
      { field: 'partnership.memo', before: null, after: 'key account' },
    ],
    // The schema requires enablePartnerProfileDisplay with partnership: the current value is sent back unchanged.
    sent: { companyName: 'Acme Holdings', partnership: { memo: 'key account', enablePartnerProfileDisplay: true } },
    before: { companyName: 'Acme Inc.' },
    after: { companyName: 'Acme Holdings', phoneNumber: '03-0000-0000', partnership: { memo: 'key account', enablePartnerProfileDisplay: true } },
  });
  const patch = ctx.simulator.state.journal.find((e) => e.operation === 'patchCustomer');
  expect(patch?.body).toEqual({ companyName: 'Acme Holdings', partnership: { memo: 'key account', enablePartnerProfileDisplay: true } });
});

test('a repeat of the same request reads, finds nothing to change and writes nothing', async () => {
  const { domainId } = seedCustomer(ctx.simulator, 'same.example');
  const input: UpdateCustomerDetailsInput = { domainId, changes: { timeZone: 'Asia/Seoul', locale: 'ko_KR' } };
  expect((await run(input)).outcome).toBe('UPDATED');
  const again = await run(input);
  expect(again).toMatchObject({ outcome: 'NO_CHANGE', customer: { timeZone: 'Asia/Seoul', locale: 'ko_KR' } });
  expect(await calls(ctx.simulator, 'patchCustomer')).toEqual(['patchCustomer 200']);
});

test('"commit then fail" on the patch: the retry re-reads and sends nothing more', async () => {
  const { domainId } = seedCustomer(ctx.simulator, 'commit.example');
  await queueFault(ctx.simulator, 'patchCustomer', { kind: 'commitThenFail', mode: 'drop' });
  const result = await run({ domainId, changes: { companyName: 'Committed Co.' } });
  expect(result).toMatchObject({ outcome: 'UPDATED', before: { companyName: 'Acme Inc.' }, after: { companyName: 'Committed Co.' } });
  expect(await calls(ctx.simulator, 'patchCustomer')).toEqual(['patchCustomer 0']);
  expect(ctx.simulator.state.customers.get(domainId)?.companyName).toBe('Committed Co.');
});

test('an unknown domainId ends with NOT_FOUND and no write', async () => {
  const result = await run({ domainId: 99_999_999, changes: { companyName: 'Nobody' } });
  expect(result).toMatchObject({ outcome: 'NOT_FOUND', reason: 'no customer with domainId 99999999' });
  expect(await calls(ctx.simulator, 'patchCustomer')).toEqual([]);
});

test('invalid input fails before any API call, naming every field at fault', async () => {
  const bad = {
    domainId: 'x',
    changes: { companyName: '', phoneNumber: 'call me', timeZone: 'Nowhere/City', locale: 'fr_FR', domain: 'new.example', partnership: { memo: 7, status: 'X' } },
    extra: 1,
  };
  const error = await failureOf(run(bad as unknown as UpdateCustomerDetailsInput, 'customer-update-invalid'));
  expect(error).toBeInstanceOf(WorkflowFailedError);
  for (const field of [
    'domainId',
    'changes.companyName',
    'changes.phoneNumber',
    'changes.timeZone',
    'changes.locale',
    'changes.domain is not a field',
    'changes.partnership.memo',
    'changes.partnership.status',
    'extra is not a known field',
  ]) {
    expect(error.cause?.message).toContain(field);
  }
  const empty = await failureOf(run({ domainId: 1, changes: {} }, 'customer-update-empty'));
  expect(empty.cause?.message).toContain('changes must name at least one field');
  expect(await calls(ctx.simulator)).toEqual([]);
});

test('the activities: get (null when missing), list every page, replace (PUT), patch', async () => {
  for (let i = 0; i < 35; i++) seedCustomer(ctx.simulator, `c${String(i).padStart(2, '0')}.example`);
  const first = [...ctx.simulator.state.customers.values()][0]!;
  const acts = activities(ctx.simulator);
  expect(await acts.getCustomerDetails(first.domainId)).toMatchObject({ domain: first.domain });
  expect(await acts.getCustomerDetails(12345)).toBeNull();
  const all = await acts.listAllCustomers();
  expect(all).toHaveLength(35);
  expect(new Set(all.map((c: Customer) => c.domainId)).size).toBe(35);
  expect((await calls(ctx.simulator, 'listCustomers')).length).toBe(2);
  expect(await acts.listAllCustomers({ domain: 'c07.example' })).toEqual([expect.objectContaining({ domain: 'c07.example' })]);

  const body = { companyName: 'Replaced', phoneNumber: '06-1111-2222', timeZone: 'Asia/Tokyo', locale: 'en_US' as const, partnership: { enablePartnerProfileDisplay: false, memo: 'm' } };
  const replaced = await acts.replaceCustomerDetails(first.domainId, body);
  expect(replaced).toMatchObject({ companyName: 'Replaced', locale: 'en_US', partnership: { enablePartnerProfileDisplay: false, memo: 'm' } });
  // The same PUT twice leaves the same customer.
  expect(await acts.replaceCustomerDetails(first.domainId, body)).toEqual(replaced);

  const patched = await acts.patchCustomerDetails(first.domainId, { partnership: { customerCode: 'C-1' } });
  expect(patched).toMatchObject({ found: true, sent: { partnership: { customerCode: 'C-1', enablePartnerProfileDisplay: false } }, after: { partnership: { customerCode: 'C-1', memo: 'm' } } });
  expect(await acts.patchCustomerDetails(first.domainId, { partnership: { customerCode: 'C-1' } })).toMatchObject({ found: true, changed: [] });
  expect(await acts.patchCustomerDetails(12345, { companyName: 'x' })).toEqual({ found: false });
});
