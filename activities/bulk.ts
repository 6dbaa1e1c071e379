// Bulk-change activities: find the batch's customers one page at a time (so a batch of 10,000 never sits in memory
// or in one history event), and write the per-customer results file (CSV and JSON) to the reports directory. Each
// run of the workflow appends its rows as a part file; the last run joins the parts into the two result files.
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PartnerApiClient } from '../partner-api/client.js';
import type { Subscription } from '../domain/subscriptions/subscription-products.js';
import type { ReportConfig } from '../config/triggers.js';
import { partnerCall } from './failures.js';
import { toCsv } from './reports.js';

/** Customers per page: the API's listCustomers page size, and the most subscription reads one activity makes. */
export const BULK_PAGE_SIZE = 30;

export interface BulkSelector {
  domainIds?: number[];
  productId?: string;
  plan?: string;
  /** Each customer's subscription must be found (matching productId/plan, else its only one). */
  findSubscription: boolean;
}

export interface BulkTarget {
  domainId: number;
  subscriptionId?: number;
  /** The customer's subscriptions as the selection read them: handed to its change so it need not list them again. */
  subscriptions?: Subscription[];
  /**
   * When the selection read this customer's subscriptions (the worker's clock): handed state is used only while fresh.
   * Results recorded before carry none; the workflow then uses its own time of receiving them.
   */
  selectedAtMs?: number;
  /** A listed customer the change cannot go to (no matching subscription, several of them): the reason. */
  skip?: string;
}

export interface BulkTargetPage {
  targets: BulkTarget[];
  /** Where the next page starts; absent after the last page. */
  nextCursor?: string;
}

export interface BulkResultRow {
  domainId: number;
  subscriptionId?: number;
  workflowId?: string;
  /** The per-customer workflow's outcome (APPLIED, PREVIEW, ALREADY_DONE, NO_CHANGE, BLOCKED…), or SKIPPED / FAILED. */
  outcome: string;
  route?: string;
  reason?: string;
}

export interface BulkResultFiles {
  files: string[];
  rowCount: number;
}

const RESULT_COLUMNS = ['domainId', 'subscriptionId', 'outcome', 'route', 'reason', 'workflowId'] as const;

/** File-name stem of a batch (batch IDs may contain ':' which some file systems refuse). */
function stem(batchId: string): string {
  return `bulk-change-${batchId.replace(/[^A-Za-z0-9._-]/g, '_')}`;
}

export function createBulkActivities({ client, reports = {} }: { client: PartnerApiClient; reports?: ReportConfig }) {
  const dir = reports.dir ?? path.join('.data', 'reports');
  const partsDir = (batchId: string) => path.join(dir, `${stem(batchId)}.parts`);

  return {
    /** One page of the batch's customers, with the subscription each change goes to when one must be found. */
    async selectBulkTargets(selector: BulkSelector, cursor?: string): Promise<BulkTargetPage> {
      return partnerCall(async (signal) => {
        let domainIds: number[];
        let nextCursor: string | undefined;
        if (selector.domainIds) {
          const start = cursor ? Number(cursor) : 0;
          domainIds = selector.domainIds.slice(start, start + BULK_PAGE_SIZE);
          nextCursor = start + BULK_PAGE_SIZE < selector.domainIds.length ? String(start + BULK_PAGE_SIZE) : undefined;
        } else {
          const list = await client.listCustomers({ count: BULK_PAGE_SIZE, ...(cursor ? { cursor } : {}) }, { signal });
          domainIds = (list.customers ?? []).map((c) => c.domainId);
          nextCursor = list.responseMetaData?.nextCursor ?? undefined;
        }
        const filtered = selector.productId !== undefined || selector.plan !== undefined;
        if (!filtered && !selector.findSubscription) return { targets: domainIds.map((domainId) => ({ domainId })), ...(nextCursor ? { nextCursor } : {}) };
        const targets: BulkTarget[] = [];
        for (const domainId of domainIds) {
          const readAtMs = Date.now();
          const subs = (await client.listSubscriptions(domainId, { signal })).subscriptions ?? [];
          const matching = subs.filter((s) => (selector.productId === undefined || s.productId === selector.productId) && (selector.plan === undefined || s.plan === selector.plan));
          const wanted = [selector.productId, selector.plan].filter(Boolean).join(' ') || 'any product';
          // A customer the filter chose from the whole partner is simply not in the batch; a listed one gets a row saying why.
          if (matching.length === 0) {
            if (selector.domainIds) targets.push({ domainId, skip: `no subscription of ${wanted}` });
          } else if (selector.findSubscription && matching.length > 1) {
            targets.push({ domainId, skip: `${matching.length} subscriptions of ${wanted} (${matching.map((s) => s.productId).join(', ')}): name a productId or plan` });
          } else {
            targets.push({ domainId, subscriptions: subs, selectedAtMs: readAtMs, ...(selector.findSubscription ? { subscriptionId: matching[0]!.subscriptionId } : {}) });
          }
        }
        return { targets, ...(nextCursor ? { nextCursor } : {}) };
      });
    },

    /** Writes one run's rows as part `part` of the batch (written again whole by a retry: idempotent). */
    async writeBulkResultsPart(batchId: string, part: number, rows: BulkResultRow[]): Promise<void> {
      await mkdir(partsDir(batchId), { recursive: true });
      await writeFile(path.join(partsDir(batchId), `${String(part).padStart(5, '0')}.json`), JSON.stringify(rows));
    },

    /** Joins parts 0..parts-1 into bulk-change-<batchId>.csv and .json (with `meta` in the JSON) and removes the parts. */
    async finishBulkResults(batchId: string, parts: number, meta: Record<string, unknown>): Promise<BulkResultFiles> {
      const names = new Set(await readdir(partsDir(batchId)).catch(() => [] as string[]));
      const rows: BulkResultRow[] = [];
      for (let part = 0; part < parts; part++) {
        const name = `${String(part).padStart(5, '0')}.json`;
        if (!names.has(name)) throw new Error(`bulk results part ${part} of ${batchId} is missing in ${partsDir(batchId)}`);
        rows.push(...(JSON.parse(await readFile(path.join(partsDir(batchId), name), 'utf8')) as BulkResultRow[]));
      }
      const base = stem(batchId);
      await writeFile(path.join(dir, `${base}.csv`), toCsv(RESULT_COLUMNS, rows as unknown as Array<Record<string, unknown>>));
      await writeFile(path.join(dir, `${base}.json`), JSON.stringify({ ...meta, batchId, rows }, null, 2));
      await rm(partsDir(batchId), { recursive: true, force: true });
      return { files: [`${base}.csv`, `${base}.json`], rowCount: rows.length };
    },
  };
}
