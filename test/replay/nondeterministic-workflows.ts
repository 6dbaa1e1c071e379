// The workflow code with one deliberately nondeterministic change, for the replay test to prove it catches such a
// change: driftCheck now waits a minute before its activity (a timer where every recorded history has the activity).
// Everything else is the real code.
import { sleep } from '@temporalio/workflow';
import { driftCheck as realDriftCheck, type DriftCheckInput } from '../../workflows/index.js';

export * from '../../workflows/index.js';

export async function driftCheck(input: DriftCheckInput = {}): ReturnType<typeof realDriftCheck> {
  await sleep('1 minute');
  return realDriftCheck(input);
}
