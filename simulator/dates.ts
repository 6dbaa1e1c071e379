// Calendar arithmetic on `YYYY-MM-DD` strings. The Partner API carries dates as plain strings, so the simulator does
// too: no time zone ever leaks into a date once "today" has been decided by the clock.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function toUtc(date: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

function fromUtc(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const value = toUtc(date);
  value.setUTCDate(value.getUTCDate() + days);
  return fromUtc(value);
}

/** Same day `months` later, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: string, months: number): string {
  const value = toUtc(date);
  const day = value.getUTCDate();
  value.setUTCDate(1);
  value.setUTCMonth(value.getUTCMonth() + months);
  value.setUTCDate(Math.min(day, daysInMonth(value.getUTCFullYear(), value.getUTCMonth() + 1)));
  return fromUtc(value);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function firstOfMonth(date: string, monthsAhead = 0): string {
  const value = toUtc(date);
  return fromUtc(new Date(Date.UTC(value.getUTCFullYear(), value.getUTCMonth() + monthsAhead, 1)));
}

export function lastOfMonth(date: string): string {
  return addDays(firstOfMonth(date, 1), -1);
}

export function dayOfMonth(date: string): number {
  return Number(date.slice(8, 10));
}

export function yearMonth(date: string): { year: number; month: number } {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)) };
}

/** Inclusive window check; all three are `YYYY-MM-DD`, which compare correctly as strings. */
export function within(date: string, from: string, to: string): boolean {
  return date >= from && date <= to;
}
