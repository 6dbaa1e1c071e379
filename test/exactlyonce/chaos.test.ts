// CI's short seeded chaos run (scripts/chaos/harness.ts): two worker processes killed at random points, a dev-server
// restart on its SQLite file, seeded API faults (5xx, 429, hangs, late commits, commit-then-fail with an error and with
// a dropped connection) and a CRM that is down for a while, over every write workflow: license and option adds now,
// changes on a date and at renewal, user caps, a cancellation, a transfer and onboardings. The oracle is the
// simulator's final state and its journal (each write committed once, by the fault labels): no duplicate, no lost
// write, nothing failed or stuck, every notification delivered.
import { chaosTable, runChaos } from '../../scripts/chaos/harness.js';

// The run's own bound (9 minutes) and the test's (11) are generous for a loaded 2-core CI machine, where the run takes
// about 4 minutes: they only end a stuck run.
test('a short seeded chaos run: 0 duplicate and 0 lost writes, every workflow completed, every notification delivered', async () => {
  const report = await runChaos({ seed: 7, customers: 3, changes: 10, onboardings: 2, timedChanges: 4, userCaps: 2, cancellations: 1, transfers: 1, kills: 4, restartServer: true, settle: '12s', timeoutMs: 9 * 60_000 });
  const table = chaosTable(report);
  expect({ duplicateWrites: report.duplicateWrites, lostWrites: report.lostWrites, failures: report.failures, table }).toEqual({ duplicateWrites: 0, lostWrites: 0, failures: [], table });
  expect(report).toMatchObject({ workflows: 20, completed: 20, failed: 0, stuck: 0, undeliveredNotifications: 0, kills: 4, serverRestarts: 1 });
  expect(report.notifications).toBeGreaterThanOrEqual(2);
  // Every write kind met faults that hid a commit from the client, and each was absorbed (committed once).
  expect(report.committedUnderFault).toBeGreaterThan(0);
}, 11 * 60_000);
