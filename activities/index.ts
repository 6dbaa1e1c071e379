// All activities, built from injected dependencies. Workflows import only the type `Activities`.
import { createCustomerActivities, type CustomerActivityDeps } from './customers.js';

export type ActivityDeps = CustomerActivityDeps;

export function createActivities(deps: ActivityDeps) {
  return {
    ...createCustomerActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { NameCheck, NewCustomer, EnsureCustomerResult, ActivationResult } from './customers.js';
