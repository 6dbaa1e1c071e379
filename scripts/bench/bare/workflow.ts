// The bare workflow of benchmark `overhead`: one activity per Partner API call of a group-name onboarding, in the same
// order, and nothing else (no validation, status, search attributes, notifications or child workflows). The ratio of
// the onboarding workflow's time to this one's is what the service's workflow machinery costs.
import { proxyActivities } from '@temporalio/workflow';
import type { BareActivities, BareCustomer } from './activities.js';

const { bareListCustomers, bareVerifyDomain, bareCreateCustomer } = proxyActivities<BareActivities>({ startToCloseTimeout: '1 minute' });

export async function bareOnboarding(customer: BareCustomer): Promise<void> {
  await bareListCustomers(customer.domain);
  await bareVerifyDomain(customer.domain);
  await bareCreateCustomer(customer);
}
