// Onboard a new customer: verify the name, add the customer (get-before-create), hand out the DNS records a
// custom domain needs, wait until the domain can be activated, activate.
import { ApplicationFailure, condition, defineQuery, defineSignal, log, proxyActivities, setCurrentDetails, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { Customer, UpgradeDomain } from '../partner-api/types.js';
import { InvalidInputError } from './input-validation.js';
import { parseOnboardCustomerInput, type OnboardCustomerInput } from './onboard-customer-input.js';
import { setPartnerSearchAttributes } from './search-attributes.js';

export type OnboardingStep = 'VALIDATING' | 'CHECKING_NAME' | 'ADDING_CUSTOMER' | 'WAITING_FOR_DNS' | 'ACTIVATING' | 'DONE' | 'STOPPED';

export interface OnboardingStatus {
  step: OnboardingStep;
  domain?: string;
  domainId?: number;
  /** What the workflow is waiting for, in words, while it waits. */
  waitingFor?: string;
  /** The DNS records the customer must publish (custom domains only). */
  dnsRecords?: UpgradeDomain;
  activationAttempts: number;
  lastError?: string;
}

export type OnboardCustomerResult =
  | { outcome: 'ACTIVE'; customer: Customer; created: boolean; dnsRecords?: UpgradeDomain }
  | { outcome: 'NAME_UNAVAILABLE'; domain: string; reason: string };

/** Current step, what the workflow waits for, the DNS records to publish and the last error. */
export const onboardingStatusQuery = defineQuery<OnboardingStatus>('onboardingStatus');
/** Ask the workflow to check DNS and try activation now (e.g. the customer says the records are published). */
export const recheckDnsSignal = defineSignal('recheckDns');

const partner = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function onboardCustomer(rawInput: OnboardCustomerInput): Promise<OnboardCustomerResult> {
  const status: OnboardingStatus = { step: 'VALIDATING', activationAttempts: 0 };
  let recheckRequested = false;
  setHandler(onboardingStatusQuery, () => status);
  setHandler(recheckDnsSignal, () => {
    recheckRequested = true;
  });

  /** Records the step in the status query, the PartnerState search attribute and the Web UI's current details. */
  function moveTo(step: OnboardingStep): void {
    status.step = step;
    setPartnerSearchAttributes({ state: step });
    setCurrentDetails(
      [`**Step:** ${step}`, status.domain && `**Domain:** ${status.domain}`, status.waitingFor && `**Waiting for:** ${status.waitingFor}`, status.lastError && `**Last error:** ${status.lastError}`]
        .filter(Boolean)
        .join('\n\n'),
    );
  }

  let input: OnboardCustomerInput;
  try {
    input = parseOnboardCustomerInput(rawInput);
  } catch (err) {
    if (err instanceof InvalidInputError) throw ApplicationFailure.nonRetryable(err.message, err.code, ...err.problems);
    throw err;
  }
  status.domain = input.domain;
  setPartnerSearchAttributes({ domain: input.domain, operation: 'onboard' });

  // A re-run for a customer we already added goes straight on: verifyDomain would call our own customer's name "taken".
  moveTo('CHECKING_NAME');
  let existing = await partner.findCustomer(input.domain);
  if (!existing) {
    const name = await partner.verifyDomainName(input.domain);
    if (!name.available) {
      moveTo('STOPPED');
      status.lastError = name.reason;
      log.info('name not available; onboarding stopped', { domain: input.domain, reason: name.reason });
      return { outcome: 'NAME_UNAVAILABLE', domain: input.domain, reason: name.reason };
    }
  }

  moveTo('ADDING_CUSTOMER');
  const ensured = existing ? { customer: existing, created: false } : await partner.ensureCustomer(input);
  existing = ensured.customer;
  status.domainId = existing.domainId;
  setPartnerSearchAttributes({ domainId: existing.domainId });

  if (existing.enableActiveDomain) {
    moveTo('DONE');
    return { outcome: 'ACTIVE', customer: existing, created: ensured.created };
  }

  const dnsRecords = await partner.getDnsRecords(existing.domainId);
  status.dnsRecords = dnsRecords;
  for (;;) {
    moveTo('WAITING_FOR_DNS');
    status.waitingFor = `the DNS records for ${input.domain} to be published; signal recheckDns once they are`;
    await condition(() => recheckRequested);
    recheckRequested = false;

    moveTo('ACTIVATING');
    status.activationAttempts++;
    const activation = await partner.activateCustomer(existing.domainId);
    if (activation.activated) {
      moveTo('DONE');
      status.waitingFor = undefined;
      status.lastError = undefined;
      return { outcome: 'ACTIVE', customer: activation.customer, created: ensured.created, dnsRecords };
    }
    status.lastError = activation.reason;
    log.info('domain not verified yet; waiting for DNS', { domain: input.domain, reason: activation.reason });
  }
}
