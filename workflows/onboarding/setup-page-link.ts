// The customer's DNS setup page link (issue #18, docs/setup-page.md), handed out with the DNS records: signed by the
// worker's setupPageLink activity for this domain and this workflow's run chain (the first run ID stays across
// continue-as-new), valid until the DNS deadline plus the configured margin. Undefined when no setup page is set up.
import { log, patched, workflowInfo } from '@temporalio/workflow';
import type { SetupPageLink } from '../../activities/setup-link.js';
import { setupLinks } from '../activity-options.js';

export type { SetupPageLink };

/** Change ID: from this version on, the DNS wait gets a setup page link (one more activity before the notification). */
export const SETUP_PAGE_LINK_PATCH = 'dns-setup-page-link';

/**
 * The link for `domain` until `deadline` (ISO), or undefined: no page configured, or a run started before links (it
 * replays without the activity call).
 */
export async function setupPageLink(domain: string, deadline: string): Promise<SetupPageLink | undefined> {
  if (!patched(SETUP_PAGE_LINK_PATCH)) return undefined;
  const { workflowId, firstExecutionRunId } = workflowInfo();
  try {
    return await setupLinks.setupPageLink({ domain, workflowId, firstRunId: firstExecutionRunId, deadline });
  } catch (err) {
    // The link is a convenience: the records still go out, and a customer (or the partner) can publish without the page.
    // A signing that keeps failing (a worker of an older version without the activity, a bad configuration) must not
    // fail an onboarding whose customer already exists. The same commands either way, so no patch is needed.
    log.warn('no setup page link: signing failed', { domain, error: err instanceof Error ? err.message : String(err) });
    return undefined;
  }
}

/** Gets the link until `deadline` and puts it in the status as `setupPage` (left as it was when none comes back). */
export async function refreshSetupPage(status: { setupPage?: SetupPageLink }, domain: string, deadline: string): Promise<SetupPageLink | undefined> {
  const link = await setupPageLink(domain, deadline);
  if (link) status.setupPage = link;
  return link;
}

/** The Web UI details line of the link. */
export function describeSetupPage(link: SetupPageLink): string {
  return `**Setup page:** ${link.url} (valid until ${link.expiresAt})`;
}
