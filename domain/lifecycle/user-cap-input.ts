// The user-cap workflow's input: one schema per action (type inferred as their union, validation from them). Pure:
// used by the workflow and by clients before they start it.
import { addDays, dateInZone, DEFAULT_API_TIME_ZONE, isIsoDate } from '../dates.js';
import { byDiscriminator, crossFieldRule, domainIdSchema, flag, isoDateSchema, optionalText, parseWithSchema, strictObject, timeZoneSchema, z } from '../schema.js';
import { sharedSchema } from '../shared-schema.js';

/** The renewal page's maximum for a scheduled cap; the same bound is applied to an immediate cap. */
export const MAX_MEMBER_COUNT = 1_000_000;

export const USER_CAP_ACTIONS = ['SET_NOW', 'SCHEDULE', 'CANCEL_SCHEDULED'] as const;
export type UserCapAction = (typeof USER_CAP_ACTIONS)[number];

const CAP = `a whole number from 1 to ${MAX_MEMBER_COUNT}, or null for no cap`;
/** The new cap; null removes the cap. The key is required: leaving it out must not mean "no cap". */
const maxMemberCount = sharedSchema('lifecycle/user-cap-input#maxMemberCount', () => z
  .number({ error: (issue) => (issue.input === undefined ? `is required (${CAP})` : `must be ${CAP}`) })
  .int(`must be ${CAP}`)
  .min(1, `must be ${CAP}`)
  .max(MAX_MEMBER_COUNT, `must be ${CAP}`)
  .nullable());

const common = sharedSchema('lifecycle/user-cap-input#common', () => ({
  /** The customer's LINE WORKS domainId. */
  domainId: domainIdSchema(),
  /** Who asked (CRM user, operator); shown in the status and result. */
  requestedBy: optionalText(200),
}));

const forAction = <A extends UserCapAction, S extends z.core.$ZodLooseShape>(action: A, shape: S) =>
  strictObject({ ...common, action: z.literal(action), ...shape }, `is not a known field for action ${action}`);

export const userCapInputSchema = sharedSchema('lifecycle/user-cap-input#userCapInputSchema', () => byDiscriminator(
  'action',
  [
    /** Set the cap at once (patchUsageStatus). This deletes a scheduled cap change. */
    forAction('SET_NOW', {
      maxMemberCount,
      /** Must be true when a scheduled cap change exists: setting the cap now deletes it. */
      confirmDeletesScheduledChange: flag().optional(),
    }),
    /** Set the cap on a date (usage-status renewal: add, move its date, or replace it). */
    forAction('SCHEDULE', {
      maxMemberCount,
      /** YYYY-MM-DD, from tomorrow to one year ahead in `timeZone`. */
      applyDate: isoDateSchema('is required (a date YYYY-MM-DD)'),
      /** Time zone that decides "tomorrow" for the API. Default Asia/Tokyo. */
      timeZone: timeZoneSchema().optional(),
    }),
    /** Delete the scheduled cap change, if any. */
    forAction('CANCEL_SCHEDULED', {}),
  ],
  strictObject(common),
));

export type UserCapInput = z.infer<typeof userCapInputSchema>;

/** The business workflow ID: one user-cap change per customer at a time. */
export function userCapWorkflowId(domainId: number): string {
  return `user-cap/${domainId}`;
}

/** Same date one year later (Feb 29 → Feb 28). */
export function addOneYear(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const candidate = `${y + 1}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return isIsoDate(candidate) ? candidate : addDays(`${y + 1}-${String(m).padStart(2, '0')}-01`, d - 2);
}

/** The renewal window (tomorrow .. one year from today) in `timeZone` at instant `nowMs`. */
export function renewalWindow(nowMs: number, timeZone: string = DEFAULT_API_TIME_ZONE): { from: string; to: string } {
  const today = dateInZone(timeZone, nowMs);
  return { from: addDays(today, 1), to: addOneYear(today) };
}

/** A scheduled cap's date lies in the renewal window at `nowMs` (workflows pass their deterministic time). */
function applyDateRule(nowMs: number) {
  return crossFieldRule((input, add) => {
    const { action, applyDate, timeZone } = input;
    if (action !== 'SCHEDULE' || !isIsoDate(applyDate) || (timeZone !== undefined && typeof timeZone !== 'string')) return;
    let window: { from: string; to: string };
    try {
      window = renewalWindow(nowMs, timeZone);
    } catch {
      return; // an unknown time zone is reported by its own field
    }
    if (applyDate < window.from || applyDate > window.to) {
      add(['applyDate'], `must be from ${window.from} (tomorrow) to ${window.to} (one year ahead) in ${timeZone ?? DEFAULT_API_TIME_ZONE}; got ${applyDate}`);
    }
  });
}

/**
 * Checks a raw JSON input; returns it typed or throws InvalidInputError naming every field at fault.
 * `nowMs` decides "tomorrow" for applyDate (workflows pass their deterministic Date.now()).
 */
export function parseUserCapInput(raw: unknown, nowMs: number = Date.now()): UserCapInput {
  return parseWithSchema('userCap', userCapInputSchema.check(applyDateRule(nowMs)), raw);
}
