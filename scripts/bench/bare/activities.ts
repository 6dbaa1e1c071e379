// The bare workflow's activities (benchmark `overhead`): the Partner API calls a group-name onboarding makes, each a
// plain client call with nothing around it (no read-before-write, no classification, no notifications).
import { Context } from '@temporalio/activity';
import type { PartnerApiClient } from '../../../partner-api/client.js';

export interface BareCustomer {
  domain: string;
  companyName: string;
  phoneNumber: string;
}

export function createBareActivities(client: PartnerApiClient) {
  const signal = () => Context.current().cancellationSignal;
  return {
    async bareListCustomers(domain: string): Promise<void> {
      await client.listCustomers({ domain }, { signal: signal() });
    },
    async bareVerifyDomain(domain: string): Promise<void> {
      await client.verifyDomain({ domain }, { signal: signal() });
    },
    async bareCreateCustomer(customer: BareCustomer): Promise<void> {
      await client.createCustomer({ ...customer, timeZone: 'Asia/Tokyo', locale: 'ja_JP' }, { signal: signal() });
    },
  };
}

export type BareActivities = ReturnType<typeof createBareActivities>;
