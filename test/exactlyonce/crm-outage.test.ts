// A CRM that refuses or cannot take our callbacks must never fail, block or undo business work: each notification is
// delivered by its own detached workflow, visible while it retries, and a refusal is recorded there, not thrown.
import type { WorkflowHandle } from '@temporalio/client';
import { crmDeliveryStatusQuery, crmNotificationsQuery, onboardCustomer, type CrmDeliveryStatus } from '../../workflows/index.js';
import { eventually, startTriggerEnv, type TriggerEnv } from '../triggers/support.js';

let t: TriggerEnv;
beforeAll(async () => {
  t = await startTriggerEnv('crm-outage');
});
afterAll(async () => t?.close());

const onboarding = (domain: string) => ({ domain, companyName: 'Acme Inc.', phoneNumber: '03-0000-0000', timeZone: 'Asia/Tokyo', locale: 'ja_JP' as const });

async function deliveryOf(workflowId: string): Promise<{ handle: WorkflowHandle; id: string }> {
  const sent = await t.env.client.workflow.getHandle(workflowId).query(crmNotificationsQuery);
  expect(sent).toEqual([expect.objectContaining({ type: 'onboarding.completed', deliveryWorkflowId: expect.stringMatching(/^crm-notify\//) })]);
  const id = sent[0]!.deliveryWorkflowId!;
  return { handle: t.env.client.workflow.getHandle(id), id };
}

test('a CRM refusing every callback (HTTP 400): the customer is still activated and the notification is recorded as refused', async () => {
  t.crm.failNext(1_000, 400);
  try {
    const workflowId = 'onboard/refused.by-works.com';
    const result = await t.env.client.workflow.execute(onboardCustomer, { taskQueue: t.taskQueue, workflowId, args: [onboarding('refused.by-works.com')] });
    expect(result).toMatchObject({ outcome: 'ACTIVE', customer: { domain: 'refused.by-works.com' } });

    const { handle } = await deliveryOf(workflowId);
    const delivery = (await handle.result()) as CrmDeliveryStatus;
    expect(delivery).toMatchObject({ state: 'REFUSED', type: 'onboarding.completed', attempts: 1, lastError: expect.stringContaining('HTTP 400') });
    const described = await handle.describe();
    expect(described.searchAttributes).toMatchObject({ PartnerOperation: ['crm-notification'], PartnerState: ['REFUSED'], CustomerDomain: ['refused.by-works.com'] });
  } finally {
    t.crm.failNext(0, 400);
  }
});

test('a CRM that is down: onboarding completes at once, the notification shows as pending while it retries, then arrives', async () => {
  t.crm.failNext(1, 503);
  const workflowId = 'onboard/outage.by-works.com';
  const result = await t.env.client.workflow.execute(onboardCustomer, { taskQueue: t.taskQueue, workflowId, args: [onboarding('outage.by-works.com')] });
  expect(result).toMatchObject({ outcome: 'ACTIVE' });

  const { handle, id } = await deliveryOf(workflowId);
  const pending = await eventually(async () => {
    const status = await handle.query(crmDeliveryStatusQuery);
    return status.attempts >= 1 && status.nextAttemptAt ? status : undefined;
  }, 'the failed first attempt');
  expect(pending).toMatchObject({ state: 'DELIVERING', lastError: expect.stringContaining('HTTP 503') });

  const delivered = (await handle.result()) as CrmDeliveryStatus;
  expect(delivered).toMatchObject({ state: 'DELIVERED', attempts: 2 });
  const received = t.crm.received.filter((r) => r.body.type === 'onboarding.completed' && (r.body.data as { domain?: string }).domain === 'outage.by-works.com');
  expect(received).toHaveLength(1);
  expect(received[0]!.body.id).toBe(id.slice('crm-notify/'.length));
});
