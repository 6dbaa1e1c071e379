// Calendar dates as the Partner API uses them: `YYYY-MM-DD` strings in the API's time zone. Pure and deterministic
// (workflow-safe): "today" is derived from a given instant (workflow time), never from the machine clock.

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The time zone that decides "tomorrow" for the API. Undocumented (conventions.md §5); JST is the likely one. */
export const DEFAULT_API_TIME_ZONE = 'Asia/Tokyo';

/** True for a real calendar date written as YYYY-MM-DD (2026-02-30 is rejected). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE_RE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function toUtcMs(date: string): number {
  if (!isIsoDate(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

function fromUtcMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromUtcMs(toUtcMs(date) + days * 86_400_000);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / 86_400_000);
}

/** The 1st of the month after `date`. */
export function firstOfNextMonth(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return fromUtcMs(Date.UTC(m === 12 ? y + 1 : y, m === 12 ? 0 : m, 1));
}

/** ISO dates compare correctly as strings; these read better at call sites. */
export const isBefore = (a: string, b: string): boolean => a < b;
export const isAfter = (a: string, b: string): boolean => a > b;
export const minDate = (a: string, b: string): string => (a < b ? a : b);

/** True when `date` lies in [from, to] (both inclusive). */
export function inWindow(date: string, from: string, to: string): boolean {
  return date >= from && date <= to;
}

/** Offset of `timeZone` from UTC at instant `epochMs`, in ms (Asia/Tokyo: +9 h). */
function zoneOffsetMs(timeZone: string, epochMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(epochMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** The calendar date in `timeZone` at instant `epochMs`. Throws RangeError for an unknown time zone. */
export function dateInZone(timeZone: string, epochMs: number): string {
  return fromUtcMs(epochMs + zoneOffsetMs(timeZone, epochMs));
}

/** The instant `date` 00:00 begins in `timeZone`. */
export function startOfDayInZone(date: string, timeZone: string): number {
  const guess = toUtcMs(date);
  const first = guess - zoneOffsetMs(timeZone, guess);
  // Re-check with the offset valid at the candidate instant (matters only around DST changes).
  return guess - zoneOffsetMs(timeZone, first);
}

/** True when `timeZone` is an IANA zone the runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
