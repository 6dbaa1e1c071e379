// The lifecycle activities called directly (outside a worker) against the simulator: for the activity-level tests.
import { createLifecycleActivities } from '../../activities/lifecycle.js';
import { clientFor, type RunningSimulator } from '../helpers/simulator.js';

export function activities(simulator: RunningSimulator) {
  return createLifecycleActivities({ client: clientFor(simulator) });
}
