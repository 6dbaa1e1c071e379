// Which optional planning reads an option change needs, from its action and timing mode alone (before any read), as
// subscription-reads.ts does for subscriptions. test/subscriptions/option-reads.test.ts plans every action and timing
// mode on full and pruned states and requires the same plan.
import type { ChangeOptionInput } from './option-input.js';

/** The optional reads (options, their tasks, subscriptions and the usage status are always read). */
export interface OptionReads {
  /** getOptionProductRenewal of the target option: consulted only by a renewal-setting plan. */
  renewal: boolean;
  /** getSubscriptionReservation of the base subscription: a scheduled CANCEL or paid conversion of the base. */
  baseReservation: boolean;
}

export const ALL_OPTION_READS: OptionReads = { renewal: true, baseReservation: true };

export function optionReadsFor(input: Pick<ChangeOptionInput, 'action' | 'when'>): OptionReads {
  if (input.action === 'RESCHEDULE') return ALL_OPTION_READS;
  const quantity = input.action === 'ADD_QUANTITY' || input.action === 'REDUCE_QUANTITY';
  return {
    // A renewal CHANGE is planned for a downgrade, for `renewal`, and for a quantity change dated on the renewal day.
    renewal: input.action === 'DOWNGRADE' || input.when === 'renewal' || (quantity && input.when !== 'now'),
    // The base's end (its CANCEL) matters to every change but a cancel; a paid conversion to buying and converting.
    baseReservation: input.action !== 'CANCEL',
  };
}
