// The CRM's last-known view of each customer, recorded from customer.details_changed events and read by the daily
// drift check. A small JSON file (CRM_STATE_FILE): one webhook process writes it, the worker's drift-check activity
// reads it, both on the same host as `npm start` runs them. Writes go to a temporary file and are renamed into
// place, so a reader never sees half a file.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface CrmSubscriptionState {
  productId: string;
  plan?: string;
  licenseCount?: number | null;
}

/** What the CRM says a customer looks like. Fields left out are not compared. */
export interface CrmCustomerState {
  domain: string;
  companyName?: string;
  phoneNumber?: string;
  subscriptions?: CrmSubscriptionState[];
}

export interface CrmStateRecord {
  eventId: string;
  occurredAt: string;
  state: CrmCustomerState;
}

export type RecordOutcome = 'applied' | 'duplicate' | 'stale';

export class CrmStateStore {
  #queue: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  async readAll(): Promise<Record<string, CrmStateRecord>> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as Record<string, CrmStateRecord>;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
  }

  /**
   * Records a customer's state. The same event again is a no-op ('duplicate'); an event older than the recorded one
   * ('stale', e.g. delivered out of order) does not overwrite newer state.
   */
  async record(eventId: string, occurredAt: string, state: CrmCustomerState): Promise<RecordOutcome> {
    const run = this.#queue.then(async () => {
      const all = await this.readAll();
      const current = all[state.domain];
      if (current?.eventId === eventId) return 'duplicate' as const;
      if (current && Date.parse(current.occurredAt) > Date.parse(occurredAt)) return 'stale' as const;
      all[state.domain] = { eventId, occurredAt, state };
      await mkdir(path.dirname(this.file), { recursive: true });
      const temporary = `${this.file}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify(all, null, 2));
      await rename(temporary, this.file);
      return 'applied' as const;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
