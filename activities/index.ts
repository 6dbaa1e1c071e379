// All activities, built from injected dependencies. Workflows import only the type `Activities`.
import { createCustomerActivities, type CustomerActivityDeps } from './customers.js';
import { createDnsActivities, type DnsActivityDeps } from './dns.js';
import { createEarlierRunActivities } from './earlier-runs.js';
import { createDomainActivities } from './domains.js';
import { createNotifyActivities } from './notify.js';
import { createReportActivities, type ReportActivityDeps } from './reports.js';
import { createReportPageActivities } from './report-pages.js';
import { createSetupLinkActivities, type SetupLinkActivityDeps } from './setup-link.js';
import type { NotifyConfig, ReportConfig } from '../config/triggers.js';
import { createBulkActivities } from './bulk.js';
import { createCalendarActivities } from './calendar.js';
import { createLifecycleActivities } from './lifecycle.js';
import { createOptionActivities } from './options.js';
import { createSubscriptionActivities } from './subscriptions.js';

export type ActivityDeps = CustomerActivityDeps & DnsActivityDeps & SetupLinkActivityDeps & {
  /** CRM callback (CRM_CALLBACK_URL); without it notifyCrm reports "not delivered" and reports stay on disk. */
  notify?: NotifyConfig;
  /** Report directory and CRM state file (REPORTS_DIR, CRM_STATE_FILE). */
  reports?: ReportConfig;
  /** The CRM's last-known state for the drift check (the worker passes the one kept in Temporal). */
  crmState?: ReportActivityDeps['crmState'];
};

export function createActivities(deps: ActivityDeps) {
  return {
    ...createCustomerActivities(deps),
    ...createDnsActivities(deps),
    ...createEarlierRunActivities(),
    ...createDomainActivities(deps),
    ...createNotifyActivities(deps.notify),
    ...createReportActivities(deps),
    ...createReportPageActivities(deps),
    ...createSubscriptionActivities(deps),
    ...createOptionActivities(deps),
    ...createCalendarActivities(deps),
    ...createLifecycleActivities(deps),
    ...createBulkActivities(deps),
    ...createSetupLinkActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { NameCheck, NewCustomer, EnsureCustomerResult, ActivationResult } from './customers.js';
export type { CrmNotification, NotifyResult } from './notify.js';
export type { NotifyConfig, ReportConfig } from '../config/triggers.js';
export type { DriftSummary, ReportPeriod, ReportSummary } from './reports.js';
export type { CallOutcome } from './subscriptions.js';
export type { BulkResultFiles, BulkResultRow, BulkSelector, BulkTarget, BulkTargetPage } from './bulk.js';
export type { CustomerState, DeleteCustomerResult } from './lifecycle.js';
export type { SetupPageLink, SetupPageLinkInput } from './setup-link.js';
