// The setup page link of a waiting domain, signed by the worker (the secret stays here: only the link, a capability
// for that one domain's DNS status, enters the workflow's history). A plain local computation: no I/O.
import { ApplicationFailure } from '@temporalio/activity';
import type { SetupLinkSettings } from '../config/setup-page.js';
import { setupLinkUrl } from '../setup-link/signed-link.js';

export interface SetupPageLink {
  url: string;
  expiresAt: string;
}

export interface SetupPageLinkInput {
  domain: string;
  workflowId: string;
  /** workflowInfo().firstExecutionRunId: stable across continue-as-new. */
  firstRunId: string;
  /** The DNS wait's deadline (ISO 8601); the link lasts until it plus the configured margin. */
  deadline: string;
}

export interface SetupLinkActivityDeps {
  /** Undefined: no setup page configured (SETUP_PAGE_SECRET unset), so no link. */
  setupLinks?: SetupLinkSettings;
}

export function createSetupLinkActivities({ setupLinks }: SetupLinkActivityDeps) {
  return {
    async setupPageLink(input: SetupPageLinkInput): Promise<SetupPageLink | undefined> {
      if (!setupLinks) return undefined;
      const deadline = Date.parse(input.deadline);
      // A bad deadline is the caller's bug: retrying cannot fix it.
      if (!Number.isFinite(deadline)) throw ApplicationFailure.nonRetryable(`setupPageLink: deadline ${JSON.stringify(input.deadline)} is not an ISO date`, 'ERR_INVALID_INPUT');
      const expiresAt = deadline + setupLinks.linkMarginMs;
      const url = setupLinkUrl(setupLinks.baseUrl, { domain: input.domain, workflowId: input.workflowId, firstRunId: input.firstRunId, expiresAt }, setupLinks.secret);
      return { url, expiresAt: new Date(expiresAt).toISOString() };
    },
  };
}
