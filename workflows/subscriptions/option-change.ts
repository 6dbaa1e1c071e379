// changeOption: the entry point for option changes (buy, upgrade, downgrade, quantity, cancel, paid conversion),
// routed like subscription changes: immediate call, scheduled task, renewal setting, or a timer then the immediate call.
import { defineQuery, defineSignal, setHandler } from '@temporalio/workflow';
import { planningReads } from '../activity-options.js';
import { parseChangeOptionInput, type ChangeOptionInput } from '../../domain/subscriptions/option-input.js';
import { planOptionChange, type OptionPlan } from '../../domain/subscriptions/option-plan.js';
import { DEFAULT_API_TIME_ZONE } from '../../domain/dates.js';
import { runPlannedChange, type ChangeResult, type ChangeStatus } from './subscription-runner.js';
import { validateOrFail } from '../validate-input.js';

export type OptionChangeStatus = ChangeStatus<OptionPlan>;
export type ChangeOptionResult = ChangeResult<OptionPlan>;

export const optionChangeStatusQuery = defineQuery<OptionChangeStatus>('optionChangeStatus');
/** Calls off an option change that waits on a timer. */
export const cancelScheduledOptionChangeSignal = defineSignal('cancelScheduledOptionChange');

export async function changeOption(rawInput: ChangeOptionInput): Promise<ChangeOptionResult> {
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
    readAndPlan: async (today) => ({ plan: planOptionChange(input, await planningReads.readOptionState(input.domainId, input.optionProductId), today), readHere: true }),
  });
}
