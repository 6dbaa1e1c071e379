// Workflow barrel: the worker bundles this file (layout by capability: workflows/README.md). It exports the workflows,
// their signals/queries/updates and their pure input helpers (validation, business IDs, from domain/), so clients
// import everything from one place.
export * from '../domain/input-validation.js';
export * from '../domain/onboarding/onboard-customer-input.js';
export * from './onboarding/onboard-customer.js';
export * from '../domain/onboarding/change-domain-input.js';
export * from './onboarding/change-domain.js';
export * from '../domain/onboarding/dns-wait-settings.js';
export * from './search-attributes.js';
export * from './reports/report-monthly.js';
export * from './reports/drift-check.js';
export * from '../domain/subscriptions/subscription-input.js';
export * from '../domain/subscriptions/subscription-plan.js';
export * from './subscriptions/subscription-change.js';
export type { ChangeOutcome, ChangeResult, ChangeStatus, ChangeStep } from './subscriptions/subscription-runner.js';
export * from '../domain/subscriptions/option-input.js';
export * from '../domain/subscriptions/option-plan.js';
export * from './subscriptions/option-change.js';
export * from '../domain/subscriptions/license-renewal-input.js';
export * from './subscriptions/license-renewal.js';
export * from '../domain/subscriptions/calendar-entries.js';
export * from './subscriptions/calendar.js';
export * from '../domain/lifecycle/transfer-customer-input.js';
export * from './lifecycle/transfer-customer.js';
export * from '../domain/lifecycle/user-cap-input.js';
export * from '../domain/lifecycle/user-cap-plan.js';
export * from './lifecycle/user-cap.js';
export * from '../domain/lifecycle/cancel-customer-input.js';
export * from '../domain/lifecycle/cancel-customer-billing.js';
export * from './lifecycle/cancel-customer.js';
export * from '../domain/lifecycle/update-customer-input.js';
export * from '../domain/lifecycle/update-customer-diff.js';
export * from './lifecycle/update-customer.js';
export * from './notifications/deliver-crm-notification.js';
export * from './notifications/notify.js';
export * from './reports/crm-state.js';
export * from './customer-lock.js';
