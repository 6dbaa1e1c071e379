// Keeps a workflow's status query object, its PartnerState search attribute and the Web UI's "current details" in
// step, so an operator sees the same thing in the UI, in `partnerctl status` and in `partnerctl list --state`.
import { setCurrentDetails } from '@temporalio/workflow';
import { setPartnerSearchAttributes } from './search-attributes.js';

export interface ProgressStatus<Step extends string> {
  step: Step;
  /** What the workflow waits for, in words, while it waits. */
  waitingFor?: string;
  lastError?: string;
}

export interface Progress<Step extends string> {
  /** Sets the step (and what it waits for, cleared when not given) and refreshes the search attribute and details. */
  moveTo(step: Step, waitingFor?: string): void;
  /** Re-renders the current details after other status fields changed. */
  refresh(): void;
}

/** `details` returns the workflow's own lines (Markdown); falsy entries are skipped. */
export function trackProgress<Step extends string, S extends ProgressStatus<Step>>(
  status: S,
  details: (status: S) => Array<string | false | undefined | null | 0>,
): Progress<Step> {
  const refresh = () =>
    setCurrentDetails(
      [
        `**Step:** ${status.step}`,
        ...details(status),
        status.waitingFor && `**Waiting for:** ${status.waitingFor}`,
        status.lastError && `**Last error:** ${status.lastError}`,
      ]
        .filter(Boolean)
        .join('\n\n'),
    );
  return {
    moveTo(step, waitingFor) {
      status.step = step;
      status.waitingFor = waitingFor;
      setPartnerSearchAttributes({ state: step });
      refresh();
    },
    refresh,
  };
}
