// changeOption: the entry point for option changes (buy, upgrade, downgrade, quantity, cancel, paid conversion),
// routed like subscription changes: immediate call, scheduled task, renewal setting, or a timer then the immediate call.
import { defineQuery, defineSignal, patched, setHandler } from '@temporalio/workflow';
import { planningReads } from '../activity-options.js';
import { parseChangeOptionInput, type ChangeOptionInput } from '../../domain/subscriptions/option-input.js';
import { planOptionChange, type OptionPlan } from '../../domain/subscriptions/option-plan.js';
import { optionReadsFor } from '../../domain/subscriptions/option-reads.js';
import { DEFAULT_API_TIME_ZONE } from '../../domain/dates.js';
import { runPlannedChange, type ChangeResult, type ChangeStatus } from './subscription-runner.js';
import { validateOrFail } from '../validate-input.js';
import { freshHandedList, type HandedSubscriptions } from './handed-subscriptions.js';

export type OptionChangeStatus = ChangeStatus<OptionPlan>;
export type ChangeOptionResult = ChangeResult<OptionPlan>;

export const optionChangeStatusQuery = defineQuery<OptionChangeStatus>('optionChangeStatus');
/** Calls off an option change that waits on a timer. */
export const cancelScheduledOptionChangeSignal = defineSignal('cancelScheduledOptionChange');

/** Change ID of planning on a caller's handed-in subscription list (issue #14). */
export const OPTION_HANDED_LIST_PATCH = 'option-change-handed-subscriptions';
/** Change ID of the option planning reads chosen by action and timing mode (issue #14). */
export const OPTION_READS_PER_ACTION_PATCH = 'option-reads-per-action';

/** `handed`: as for changeSubscription (handed-subscriptions.ts); clients leave it out. */
export async function changeOption(rawInput: ChangeOptionInput, handed?: HandedSubscriptions): Promise<ChangeOptionResult> {
  const status: OptionChangeStatus = { step: 'VALIDATING', applied: [] };
  let calledOff = false;
  setHandler(optionChangeStatusQuery, () => status);
  setHandler(cancelScheduledOptionChangeSignal, () => {
    if (status.step !== 'APPLYING' && status.step !== 'DONE') calledOff = true;
  });

  const input = validateOrFail(parseChangeOptionInput, rawInput);
  return runPlannedChange({
    domainId: input.domainId,
    timeZone: input.timeZone ?? DEFAULT_API_TIME_ZONE,
    preview: input.preview === true,
    status,
    calledOff: () => calledOff,
    readAndPlan: async (today, first) => {
      // Handed-in subscriptions (a bulk selection's) stand in for the list read; options and their tasks, which the
      // writes' exactly-once checks look at, are read here, so the first write may share this read.
      const known = first && patched(OPTION_HANDED_LIST_PATCH) ? freshHandedList(input.domainId, handed) : undefined;
      // Only what this action and timing mode can consult is read (runs started before read everything: patched).
      const reads = patched(OPTION_READS_PER_ACTION_PATCH) ? optionReadsFor(input) : undefined;
      const state = await (reads
        ? planningReads.readOptionState(input.domainId, input.optionProductId, known, reads)
        : known
          ? planningReads.readOptionState(input.domainId, input.optionProductId, known)
          : planningReads.readOptionState(input.domainId, input.optionProductId));
      return { plan: planOptionChange(input, state, today), readHere: true, readAtMs: state.readAtMs };
    },
  });
}
