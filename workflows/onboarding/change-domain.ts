// Change a group name to a domain: verify the domain, add or reuse the upgrade domain, hand out the DNS records, wait
// for DNS (the same durable wait as onboarding), change-domain, and remind about MX records for Mail on Advanced.
import { continueAsNew, defineQuery, patched, setHandler } from '@temporalio/workflow';
import type { Customer, UpgradeDomain } from '../../partner-api/types.js';
import { parseChangeDomainRunInput, type ChangeDomainInput, type ChangeDomainRunInput } from '../../domain/onboarding/change-domain-input.js';
import { carriedStatus, type ChangeDomainCarryOver } from '../../domain/onboarding/dns-wait-carry-over.js';
import { expectedRecords, type ExpectedRecord } from '../../domain/onboarding/dns-records.js';
import { continueWithValidInput } from '../continue-as-new.js';
import { describeDnsWait, stepAtDnsDeadline, waitForDnsThenActivate, type DnsDeadlineDecision, type DnsWaitStatus } from './dns-wait.js';
import { dnsChecksPerRun, dnsWaitMs } from '../../domain/onboarding/dns-wait-settings.js';
import { MAIL_REMINDER } from './onboard-customer.js';
import { trackProgress, type ProgressStatus } from '../progress.js';
import { setPartnerSearchAttributes } from '../search-attributes.js';
import { validateOrFail } from '../validate-input.js';
import { partner } from '../activity-options.js';
import { crmNotifier } from '../notifications/notify.js';
import { describeSetupPage, refreshSetupPage, SETUP_PAGE_LINK_PATCH, type SetupPageLink } from './setup-page-link.js';

export type ChangeDomainStep = 'VALIDATING' | 'CHECKING_NAME' | 'REGISTERING_DOMAIN' | 'WAITING_FOR_DNS' | 'DNS_DEADLINE_REACHED' | 'CHANGING' | 'DONE' | 'STOPPED' | 'CANCELLED';

export interface ChangeDomainStatus extends ProgressStatus<ChangeDomainStep> {
  domainId?: number;
  /** The group name before the change. */
  from?: string;
  /** The domain it moves to. */
  to?: string;
  dnsRecords?: UpgradeDomain;
  dns?: DnsWaitStatus;
  /** The customer's DNS setup page (signed link), handed out with the DNS records when a setup page is configured. */
  setupPage?: SetupPageLink;
  /** The customer's locale: the setup page speaks Japanese or English by it. */
  locale?: string;
}

export type ChangeDomainResult =
  | { outcome: 'CHANGED'; customer: Customer; from: string; mailReminder?: string }
  | { outcome: 'ALREADY_CHANGED'; customer: Customer }
  | { outcome: 'STOPPED'; reason: string }
  | { outcome: 'CANCELLED'; decision: DnsDeadlineDecision };

export const changeDomainStatusQuery = defineQuery<ChangeDomainStatus>('changeDomainStatus');

export async function changeGroupToDomain(rawInput: ChangeDomainInput): Promise<ChangeDomainResult> {
  const status: ChangeDomainStatus = { step: 'VALIDATING' };
  setHandler(changeDomainStatusQuery, () => status);
  const notifier = crmNotifier();
  const progress = trackProgress(status, (s) => [
    s.to && `**Change:** ${s.from ?? '?'} → ${s.to} (domainId ${s.domainId})`,
    s.dns && `**DNS:** ${describeDnsWait(s.dns, Date.now())}`,
    s.setupPage && describeSetupPage(s.setupPage),
  ]);
  const moveTo = progress.moveTo;
  function stop(reason: string): ChangeDomainResult {
    status.lastError = reason;
    moveTo('STOPPED');
    return { outcome: 'STOPPED', reason };
  }

  const { continuedDnsWait: carried, ...input }: ChangeDomainRunInput = validateOrFail(parseChangeDomainRunInput, rawInput);
  const { domainId, domain } = input;
  status.domainId = domainId;
  status.to = domain;
  setPartnerSearchAttributes({ domainId, operation: 'change-domain' });
  const settings = dnsWaitMs(input.dnsWait);
  const mailReminder = input.useMail ? MAIL_REMINDER : undefined;
  const change = async () => {
    moveTo('CHANGING');
    const result = await partner.changeDomainIfVerified(domainId, domain);
    if (result.changed) return { ok: true as const, value: result.customer };
    status.lastError = result.reason;
    moveTo('WAITING_FOR_DNS', `LINE WORKS to verify ${domain} (last answer: ${result.reason})`);
    return { ok: false as const, reason: result.reason };
  };
  const finish = async (from: string, changed: Customer): Promise<ChangeDomainResult> => {
    status.lastError = undefined;
    moveTo('DONE');
    setPartnerSearchAttributes({ domain: changed.domain });
    await notifier.send({ type: 'domain_change.completed', data: { domainId, from, to: domain, ...(mailReminder ? { mailReminder } : {}) } });
    return { outcome: 'CHANGED', customer: changed, from, ...(mailReminder ? { mailReminder } : {}) };
  };

  let from: string;
  let dnsRecords: UpgradeDomain;
  let expected: ExpectedRecord[];
  /** Set when the wait's clock started before the setup link was signed (the link lasts from the same deadline). */
  let waitStartedAt: number | undefined;
  if (carried) {
    // A run continued as new during the DNS wait: the upgrade domain and the CRM notification are done.
    ({ from, expected } = carried);
    dnsRecords = carried.dnsRecords as UpgradeDomain;
    Object.assign(
      status,
      { from, dnsRecords },
      carried.locale ? { locale: carried.locale } : {},
      carried.setupPage ? { setupPage: carried.setupPage } : {},
      carried.lastError ? { lastError: carried.lastError } : {},
    );
    notifier.sent.push(...(carried.notifications ?? []));
    setPartnerSearchAttributes({ domain: from });
    moveTo('WAITING_FOR_DNS', carried.waitingFor);
  } else {
    moveTo('CHECKING_NAME');
    const customer = await partner.getCustomerById(domainId);
    from = customer.domain;
    status.from = from;
    status.locale = customer.locale;
    setPartnerSearchAttributes({ domain: from });
    if (from === domain) {
      moveTo('DONE');
      return { outcome: 'ALREADY_CHANGED', customer };
    }
    if (customer.domainType !== 'GROUP') return stop(`customer ${domainId} (${from}) is not a group-name customer`);

    // verifyDomain calls a name "taken" once it is our own upgrade domain (a re-run), so look at that first.
    const registered = await partner.getRegisteredUpgradeDomain(domainId);
    if (registered?.domain !== domain) {
      const name = await partner.verifyDomainName(domain);
      if (!name.available) return stop(`${domain} cannot be used: ${name.reason}`);
    }

    if (!domain.includes('.') || domain.endsWith('.by-works.com') || domain.endsWith('.by-works.net')) {
      // Group-style names need no upgrade domain and no DNS.
      const changed = await change();
      return changed.ok ? finish(from, changed.value) : stop(changed.reason);
    }

    moveTo('REGISTERING_DOMAIN');
    const upgrade = await partner.ensureUpgradeDomain(domainId, domain, input.replaceRegisteredUpgradeDomain ?? false);
    if (upgrade.outcome === 'OTHER_REGISTERED') {
      return stop(`${upgrade.registered} is registered as this customer's upgrade domain; set replaceRegisteredUpgradeDomain to replace it with ${domain}`);
    }
    dnsRecords = upgrade.upgradeDomain;
    status.dnsRecords = dnsRecords;
    expected = expectedRecords(dnsRecords, domain, input.useMail ?? false);
    waitStartedAt = Date.now();
    const setupPage = await refreshSetupPage(status, domain, new Date(waitStartedAt + settings.deadline).toISOString());
    moveTo('WAITING_FOR_DNS', `the customer to publish the DNS records for ${domain} (signal recheckDns to check at once)`);
    await notifier.send({ type: 'domain_change.dns_records', data: { domainId, domain, dnsRecords, expected, ...(setupPage ? { setupPage } : {}) } });
  }

  const waited = await waitForDnsThenActivate({
    domain,
    expected,
    settings,
    ...(carried ? { resume: carried.wait } : {}),
    ...(waitStartedAt !== undefined && patched(SETUP_PAGE_LINK_PATCH) ? { startedAt: waitStartedAt } : {}),
    continueAfter: {
      checks: dnsChecksPerRun(input.dnsWait),
      continueAsNew: (wait) => {
        const carry: ChangeDomainCarryOver = {
          from,
          dnsRecords: dnsRecords as ChangeDomainCarryOver['dnsRecords'],
          expected,
          wait,
          ...(status.locale ? { locale: status.locale } : {}),
          ...carriedStatus(status, notifier.sent),
        };
        return continueWithValidInput('changeGroupToDomain', { ...input, continuedDnsWait: carry }, parseChangeDomainRunInput, (next) => continueAsNew<typeof changeGroupToDomain>(next as ChangeDomainInput));
      },
    },
    activate: change,
    onDeadline: async (dns) => {
      moveTo(stepAtDnsDeadline('WAITING_FOR_DNS'), 'a decision: the DNS deadline passed (update dnsDeadlineDecision: extend or cancel)');
      await notifier.send({ type: 'domain_change.dns_deadline_reached', data: { domainId, domain, deadline: dns.deadline, expected } });
    },
    onExtended: async (dns) => {
      await refreshSetupPage(status, domain, dns.deadline);
    },
    onChange: (dns) => {
      status.dns = dns;
      // Extended: the wait goes on, so the step leaves DNS_DEADLINE_REACHED (only patched runs are ever in it).
      if (dns.state === 'WAITING' && status.step === 'DNS_DEADLINE_REACHED') moveTo('WAITING_FOR_DNS', `the customer to publish the DNS records for ${domain} (extended until ${dns.deadline})`);
      else progress.refresh();
    },
  });
  if (waited.outcome === 'CANCELLED') {
    moveTo('CANCELLED');
    return { outcome: 'CANCELLED', decision: waited.decision };
  }
  return finish(from, waited.value);
}
