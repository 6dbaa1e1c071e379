// The CRM's last-known state kept in a JSON file (CRM_STATE_STORE=file, CRM_STATE_FILE): for one host, where the
// webhook and the worker share a disk. Across hosts the state lives in Temporal instead (lib/crm-state-temporal.ts).
// Writes go to a temporary file and are renamed into place, so a reader never sees half a file.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { recordCrmEvent, sliceOf, type CrmCustomerState, type CrmStateRecords, type CrmStateSlice, type CrmStateStorage, type RecordOutcome } from '../domain/crm-state.js';

export type { CrmCustomerState, CrmStateRecord, CrmStateRecords, CrmStateSlice, CrmStateStorage, CrmSubscriptionState, RecordOutcome } from '../domain/crm-state.js';

export class CrmStateStore implements CrmStateStorage {
  #queue: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  async readAll(): Promise<CrmStateRecords> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as CrmStateRecords;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
  }

  async readDomains(domains: readonly string[]): Promise<CrmStateSlice> {
    return sliceOf(await this.readAll(), domains);
  }

  /**
   * Records a customer's state. The same event again is a no-op ('duplicate'); an event older than the recorded one
   * ('stale', e.g. delivered out of order) does not overwrite newer state.
   */
  async record(eventId: string, occurredAt: string, state: CrmCustomerState): Promise<RecordOutcome> {
    const run = this.#queue.then(async () => {
      const all = await this.readAll();
      const outcome = recordCrmEvent(all, eventId, occurredAt, state);
      if (outcome !== 'applied') return outcome;
      await mkdir(path.dirname(this.file), { recursive: true });
      const temporary = `${this.file}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify(all, null, 2));
      await rename(temporary, this.file);
      return outcome;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
