// Onboard a new customer: verify the name, add the customer (get-before-create), hand out the DNS records a
// custom domain needs, wait (hours to days) until DNS has propagated, activate, return the customer.
import { continueAsNew, defineQuery, executeChild, log, patched, setHandler } from '@temporalio/workflow';
import type { Customer, UpgradeDomain } from '../../partner-api/types.js';
import { expectedRecords, type ExpectedRecord } from '../../domain/onboarding/dns-records.js';
import { carriedStatus, type OnboardingCarryOver } from '../../domain/onboarding/dns-wait-carry-over.js';
import { continueWithValidInput } from '../continue-as-new.js';
import { describeDnsWait, stepAtDnsDeadline, waitForDnsThenActivate, type DnsDeadlineDecision, type DnsWaitStatus } from './dns-wait.js';
import { dnsChecksPerRun, dnsWaitMs } from '../../domain/onboarding/dns-wait-settings.js';
import { activationRefusal, TERMS_ACTION } from '../../domain/onboarding/activation-refusal.js';
import { parseOnboardCustomerRunInput, type OnboardCustomerInput, type OnboardCustomerRunInput } from '../../domain/onboarding/onboard-customer-input.js';
import { trackProgress, type ProgressStatus } from '../progress.js';
import { setPartnerSearchAttributes } from '../search-attributes.js';
import { changeSubscription, type ChangeSubscriptionResult } from '../subscriptions/subscription-change.js';
import { subscriptionChangeWorkflowId } from '../../domain/subscriptions/subscription-input.js';
import { validateOrFail } from '../validate-input.js';
import { partner } from '../activity-options.js';
import { crmNotifier } from '../notifications/notify.js';
import { describeSetupPage, refreshSetupPage, SETUP_PAGE_LINK_PATCH, type SetupPageLink } from './setup-page-link.js';

export { recheckDnsSignal, dnsDeadlineDecisionUpdate } from './dns-wait.js';

export type OnboardingStep =
  | 'VALIDATING'
  | 'CHECKING_NAME'
  | 'ADDING_CUSTOMER'
  | 'WAITING_FOR_DNS'
  | 'WAITING_FOR_TERMS'
  /** The DNS wait reached its deadline (DNS not seen, or the terms still not accepted): a person decides (extend or cancel). */
  | 'DNS_DEADLINE_REACHED'
  | 'ACTIVATING'
  | 'ADDING_SUBSCRIPTION'
  | 'DONE'
  | 'STOPPED'
  | 'CANCELLED';

export interface OnboardingStatus extends ProgressStatus<OnboardingStep> {
  domain?: string;
  domainId?: number;
  /** The DNS records the customer must publish (custom domains only). */
  dnsRecords?: UpgradeDomain;
  /** The DNS wait: each record, what each server answered, last and next check, deadline. */
  dns?: DnsWaitStatus;
  /** Set while LINE WORKS refuses activation because the customer has not accepted the terms of service. */
  termsOfService?: { accepted: false; action: string; since: string };
  /** The customer's DNS setup page (signed link), handed out with the DNS records when a setup page is configured. */
  setupPage?: SetupPageLink;
  /** The customer's locale: the setup page speaks Japanese or English by it. */
  locale?: string;
}

export type OnboardCustomerResult =
  | {
      outcome: 'ACTIVE';
      customer: Customer;
      created: boolean;
      dnsRecords?: UpgradeDomain;
      mailReminder?: string;
      /** The initial subscription's change result, or why it failed (the customer stays active either way). */
      initialSubscription?: ChangeSubscriptionResult | { outcome: 'FAILED'; error: string };
    }
  | { outcome: 'NAME_UNAVAILABLE'; domain: string; reason: string }
  | { outcome: 'CANCELLED'; domain: string; domainId: number; decision: DnsDeadlineDecision };

/** Current step, what the workflow waits for, the DNS records to publish, per-server DNS results and the last error. */
export const onboardingStatusQuery = defineQuery<OnboardingStatus>('onboardingStatus');

/** Change ID: ensureCustomer's first attempt skips its read when the workflow's own lookup just found no customer. */
export const ONE_CUSTOMER_LOOKUP_PATCH = 'onboarding-one-customer-lookup';

export const MAIL_REMINDER =
  'The customer uses LINE WORKS Mail on the Advanced plan: check the MX record settings in the customer\'s LINE WORKS Admin.';

export async function onboardCustomer(rawInput: OnboardCustomerInput): Promise<OnboardCustomerResult> {
  const status: OnboardingStatus = { step: 'VALIDATING' };
  setHandler(onboardingStatusQuery, () => status);
  const notifier = crmNotifier();

  const progress = trackProgress(status, (s) => [
    s.domain && `**Domain:** ${s.domain}${s.domainId ? ` (domainId ${s.domainId})` : ''}`,
    s.dns && `**DNS:** ${describeDnsWait(s.dns, Date.now())}`,
    s.setupPage && describeSetupPage(s.setupPage),
    s.termsOfService && `**Terms of service:** not accepted since ${s.termsOfService.since}: ${s.termsOfService.action}`,
  ]);
  const moveTo = progress.moveTo;

  const { continuedDnsWait: carried, ...input }: OnboardCustomerRunInput = validateOrFail(parseOnboardCustomerRunInput, rawInput);
  status.domain = input.domain;
  status.locale = input.locale;
  setPartnerSearchAttributes({ domain: input.domain, operation: 'onboard' });
  const settings = dnsWaitMs(input.dnsWait);
  const mailReminder = input.useMail ? MAIL_REMINDER : undefined;
  /** What the DNS wait waits for now: the customer's terms of service once LINE WORKS refused activation for them. */
  const waitingStep = () => (status.termsOfService ? ('WAITING_FOR_TERMS' as const) : ('WAITING_FOR_DNS' as const));

  let domainId: number;
  let created: boolean;
  let dnsRecords: UpgradeDomain;
  let expected: ExpectedRecord[];
  /** Set when the wait's clock started before the setup link was signed (the link lasts from the same deadline). */
  let waitStartedAt: number | undefined;
  if (carried) {
    // A run continued as new during the DNS wait: the customer, its records and the CRM notification are done.
    ({ domainId, created, expected } = carried);
    dnsRecords = carried.dnsRecords as UpgradeDomain;
    Object.assign(
      status,
      { domainId, dnsRecords },
      carried.termsOfService ? { termsOfService: carried.termsOfService } : {},
      carried.setupPage ? { setupPage: carried.setupPage } : {},
      carried.lastError ? { lastError: carried.lastError } : {},
    );
    notifier.sent.push(...(carried.notifications ?? []));
    setPartnerSearchAttributes({ domainId });
    moveTo(waitingStep(), carried.waitingFor);
  } else {
    // A re-run for a customer we already added goes straight on: verifyDomain would call our own customer's name "taken".
    moveTo('CHECKING_NAME');
    const existing = await partner.findCustomer(input.domain);
    if (!existing) {
      const name = await partner.verifyDomainName(input.domain);
      if (!name.available) {
        status.lastError = name.reason;
        moveTo('STOPPED');
        log.info('name not available; onboarding stopped', { domain: input.domain, reason: name.reason });
        return { outcome: 'NAME_UNAVAILABLE', domain: input.domain, reason: name.reason };
      }
    }

    moveTo('ADDING_CUSTOMER');
    // The lookup above found none: the create's first attempt need not read the same list again (its retries still do).
    const ensured = existing
      ? { customer: existing, created: false }
      : await partner.ensureCustomer(input, patched(ONE_CUSTOMER_LOOKUP_PATCH) ? { notFoundJustBefore: true } : undefined);
    ({ domainId } = ensured.customer);
    created = ensured.created;
    status.domainId = domainId;
    setPartnerSearchAttributes({ domainId });
    if (ensured.customer.enableActiveDomain) return finish(ensured.customer);

    dnsRecords = await partner.getDnsRecords(domainId);
    status.dnsRecords = dnsRecords;
    expected = expectedRecords(dnsRecords, input.domain, input.useMail ?? false);
    waitStartedAt = Date.now();
    const setupPage = await refreshSetupPage(status, input.domain, new Date(waitStartedAt + settings.deadline).toISOString());
    moveTo('WAITING_FOR_DNS', `the customer to publish the DNS records for ${input.domain} (signal recheckDns to check at once)`);
    await notifier.send({
      type: 'onboarding.dns_records',
      data: { domain: input.domain, domainId, dnsRecords, expected, ...(setupPage ? { setupPage } : {}), ...(mailReminder ? { mailReminder } : {}) },
    });
  }

  /** The customer is active: add the initial subscription if asked, notify, and report. */
  async function finish(customer: Customer, records?: UpgradeDomain): Promise<OnboardCustomerResult> {
    let initialSubscription: ChangeSubscriptionResult | { outcome: 'FAILED'; error: string } | undefined;
    if (input.initialSubscription) {
      moveTo('ADDING_SUBSCRIPTION');
      try {
        initialSubscription = await executeChild(changeSubscription, {
          workflowId: subscriptionChangeWorkflowId(domainId, 'onboarding-initial-subscription'),
          args: [{ domainId, requestId: 'onboarding-initial-subscription', action: 'ADD_SUBSCRIPTION', when: 'now', ...input.initialSubscription }],
        });
      } catch (err) {
        const error = rootCauseMessage(err);
        status.lastError = `initial subscription failed: ${error}`;
        initialSubscription = { outcome: 'FAILED', error };
      }
    }
    moveTo('DONE');
    await notifier.send({ type: 'onboarding.completed', data: { domain: input.domain, domainId, ...(initialSubscription ? { initialSubscription } : {}) } });
    return {
      outcome: 'ACTIVE',
      customer,
      created,
      ...(records ? { dnsRecords: records } : {}),
      ...(mailReminder ? { mailReminder } : {}),
      ...(initialSubscription ? { initialSubscription } : {}),
    };
  }

  const waited = await waitForDnsThenActivate({
    domain: input.domain,
    expected,
    settings,
    ...(carried ? { resume: carried.wait } : {}),
    ...(waitStartedAt !== undefined && patched(SETUP_PAGE_LINK_PATCH) ? { startedAt: waitStartedAt } : {}),
    continueAfter: {
      checks: dnsChecksPerRun(input.dnsWait),
      continueAsNew: (wait) => {
        const carry: OnboardingCarryOver = {
          domainId,
          created,
          dnsRecords: dnsRecords as OnboardingCarryOver['dnsRecords'],
          expected,
          wait,
          ...(status.termsOfService ? { termsOfService: status.termsOfService } : {}),
          ...carriedStatus(status, notifier.sent),
        };
        return continueWithValidInput('onboardCustomer', { ...input, continuedDnsWait: carry }, parseOnboardCustomerRunInput, (next) => continueAsNew<typeof onboardCustomer>(next as OnboardCustomerInput));
      },
    },
    activate: async () => {
      moveTo('ACTIVATING');
      const activation = await partner.activateCustomer(domainId);
      if (activation.activated) {
        status.termsOfService = undefined;
        return { ok: true, value: activation.customer };
      }
      status.lastError = activation.reason;
      if (activationRefusal(activation.code, activation.reason) === 'TERMS_NOT_ACCEPTED') {
        // Not a failure: the customer has to act. Say what, tell the CRM once, and keep trying until the deadline.
        if (!status.termsOfService) {
          status.termsOfService = { accepted: false, action: TERMS_ACTION, since: new Date(Date.now()).toISOString() };
          await notifier.send({ type: 'onboarding.terms_not_accepted', data: { domain: input.domain, domainId, reason: activation.reason, action: TERMS_ACTION } });
        }
        moveTo('WAITING_FOR_TERMS', `the customer to accept the LINE WORKS terms of service: ${TERMS_ACTION}`);
        return { ok: false, reason: `terms of service not accepted: ${TERMS_ACTION} (${activation.reason})` };
      }
      status.termsOfService = undefined;
      moveTo('WAITING_FOR_DNS', `the domain to be verified by LINE WORKS (last answer: ${activation.reason})`);
      return { ok: false, reason: activation.reason };
    },
    onDeadline: async (dns) => {
      const blocker = status.termsOfService ? 'the terms of service are still not accepted' : 'the DNS deadline passed';
      moveTo(stepAtDnsDeadline(waitingStep()), `a decision: ${blocker} (update dnsDeadlineDecision: extend or cancel)`);
      await notifier.send({ type: 'onboarding.dns_deadline_reached', data: { domain: input.domain, domainId, deadline: dns.deadline, expected, lastCheck: dns.lastCheck } });
    },
    onExtended: async (dns) => {
      await refreshSetupPage(status, input.domain, dns.deadline);
    },
    onChange: (dns) => {
      status.dns = dns;
      // Extended: the wait goes on, so the step leaves DNS_DEADLINE_REACHED (only patched runs are ever in it).
      if (dns.state === 'WAITING' && status.step === 'DNS_DEADLINE_REACHED') moveTo(waitingStep(), `the customer to publish the DNS records for ${input.domain} (extended until ${dns.deadline})`);
      else progress.refresh();
    },
  });

  if (waited.outcome === 'CANCELLED') {
    moveTo('CANCELLED');
    log.info('onboarding cancelled at the DNS deadline', { domain: input.domain, decidedBy: waited.decision.decidedBy });
    return { outcome: 'CANCELLED', domain: input.domain, domainId, decision: waited.decision };
  }
  status.lastError = undefined;
  return finish(waited.value, dnsRecords);
}

/** The innermost message of a failure chain (child workflow → activity → the API's answer), which says what went wrong. */
function rootCauseMessage(err: unknown): string {
  let current = err as { message?: string; cause?: unknown } | undefined;
  let message = String(err);
  while (current) {
    if (current.message) message = current.message;
    current = current.cause as typeof current;
  }
  return message;
}
