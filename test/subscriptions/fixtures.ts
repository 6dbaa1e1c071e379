// Subscription states for the planner tests: a paid Standard annual subscription with 10 licenses, a trial and a
// free one, with nothing pending. Tests spread these and add the pending item they are about.
import type { SubscriptionState } from '../../domain/subscriptions/subscription-plan.js';
import type { Subscription } from '../../domain/subscriptions/subscription-products.js';
import type { ChangeSubscriptionInput } from '../../domain/subscriptions/subscription-input.js';

export const TODAY = '2026-03-10';
export const DOMAIN_ID = 10_000_001;

export const paidStd: Subscription = {
  domainId: DOMAIN_ID,
  subscriptionId: 1021,
  productId: 'STD',
  plan: 'ANNUAL_LICENSE',
  planStartDate: '2025-06-01',
  planEndDate: '2026-05-31',
  licenseAssignType: 'NONE',
  licenseCount: 10,
  status: 'ACTIVE',
  renewal: { subscriptionId: 1021, type: 'STAY', productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 10 },
};

export const trialStd: Subscription = {
  domainId: DOMAIN_ID,
  subscriptionId: 2001,
  productId: 'STD_T',
  plan: 'TRIAL',
  planStartDate: '2026-03-01',
  planEndDate: '2026-03-31',
  licenseCount: null,
  status: 'ACTIVE',
  renewal: null,
};

export const freeWorks: Subscription = {
  domainId: DOMAIN_ID,
  subscriptionId: 3001,
  productId: 'FR',
  plan: 'FREE',
  planStartDate: '2025-01-01',
  planEndDate: null,
  licenseCount: null,
  status: 'ACTIVE',
  renewal: null,
};

export function stateWith(sub: Subscription | undefined, extra: Partial<SubscriptionState> = {}): SubscriptionState {
  return {
    subscriptions: sub ? [sub] : [],
    preOrders: [],
    reservation: null,
    renewal: sub?.renewal ?? null,
    usage: { domainId: DOMAIN_ID, status: 'ACTIVE', memberCount: 8, maxMemberCount: null, withdrawalDate: null },
    optionProducts: [],
    ...extra,
  };
}

export function change(fields: Partial<ChangeSubscriptionInput>): ChangeSubscriptionInput {
  return { domainId: DOMAIN_ID, requestId: 'req-1', action: 'ADD_LICENSES', when: 'now', ...fields } as ChangeSubscriptionInput;
}
