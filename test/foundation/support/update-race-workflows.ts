// A workflow for the update-retry test (test/foundation/update-retry.test.ts): it finishes on an update, and its update
// handler calls a sink. Sinks run after the workflow code and before the worker sends the task's completion, so the
// test's sink can hold the task open while the test sends a signal: the server then refuses the task that completes
// the workflow (an event arrived while it ran) and the update with it, the race a DNS deadline "cancel" meets in life.
import { condition, defineSignal, defineUpdate, proxySinks, setHandler, type Sinks } from '@temporalio/workflow';

export interface RaceGateSinks extends Sinks {
  raceGate: { updateHandled(): void };
}

const { raceGate } = proxySinks<RaceGateSinks>();

export const finishUpdate = defineUpdate<number, [string]>('finish');
export const nudgeSignal = defineSignal('nudge');

export async function finishesOnUpdate(): Promise<{ handled: number; finishedBy: string; nudges: number }> {
  let finishedBy: string | undefined;
  let handled = 0;
  let nudges = 0;
  setHandler(nudgeSignal, () => {
    nudges += 1;
  });
  setHandler(finishUpdate, (by) => {
    handled += 1;
    finishedBy = by;
    raceGate.updateHandled();
    return handled;
  });
  await condition(() => finishedBy !== undefined);
  return { handled, finishedBy: finishedBy!, nudges };
}
