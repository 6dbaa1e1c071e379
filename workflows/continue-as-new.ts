// Continue-as-new for long waits (the DNS wait, a dated cancellation): the carried state is part of the next run's input
// and checked by the same schema before this run ends, because a next run that refused its input would fail at once,
// with nothing left running to finish the work. When it would refuse, the wait goes on in this run (its history grows,
// which is the lesser harm) and says so once in the log.
import { log } from '@temporalio/workflow';

/**
 * Continues as new with `next` when the next run would accept it (`parse`, the run input schema, throws otherwise);
 * undefined when it would not, e.g. a run started before today's stricter input checks, whose input they refuse.
 */
export function continueWithValidInput<I>(workflowType: string, next: I, parse: (raw: unknown) => unknown, continueAsNew: (next: I) => Promise<never>): Promise<never> | undefined {
  try {
    parse(next);
  } catch (err) {
    log.warn('the wait goes on in this run: the next run would refuse its input', { workflowType, error: err instanceof Error ? err.message : String(err) });
    return undefined;
  }
  return continueAsNew(next);
}
