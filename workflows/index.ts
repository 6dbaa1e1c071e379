// Workflow barrel: the worker bundles this file. It exports the workflows, their signals/queries/updates and
// their pure input helpers (validation, business IDs), so clients import everything from one place.
export * from './input-validation.js';
export * from './onboard-customer-input.js';
export * from './onboard-customer.js';
export * from './change-domain-input.js';
export * from './change-domain.js';
export * from './dns-wait-settings.js';
export * from './search-attributes.js';
export * from './report-monthly.js';
export * from './drift-check.js';
export * from './subscription-input.js';
export * from './subscription-plan.js';
export * from './subscription-change.js';
export type { ChangeOutcome, ChangeResult, ChangeStatus, ChangeStep } from './subscription-runner.js';
export * from './option-input.js';
export * from './option-plan.js';
export * from './option-change.js';
export * from './license-renewal-input.js';
export * from './license-renewal.js';
export * from './calendar-entries.js';
export * from './calendar.js';
