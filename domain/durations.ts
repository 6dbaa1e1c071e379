// Parses human durations in workflow inputs ("90s", "30 minutes", "72h", "2 days"). Pure and deterministic.

const UNITS: Record<string, number> = {
  ms: 1,
  s: 1_000, sec: 1_000, second: 1_000, seconds: 1_000,
  m: 60_000, min: 60_000, minute: 60_000, minutes: 60_000,
  h: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  d: 86_400_000, day: 86_400_000, days: 86_400_000,
};

/** Milliseconds, or undefined when `text` is not a duration such as "90s", "30 minutes" or "72h". */
export function parseDuration(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/i.exec(text);
  if (!match) return undefined;
  const unit = UNITS[match[2]!.toLowerCase()];
  return unit === undefined ? undefined : Math.round(Number(match[1]) * unit);
}

/** Duration settings (already validated) in milliseconds, `defaults` filled in. */
export function durationsMs<K extends string>(defaults: Record<K, string>, settings: Partial<Record<K, string>> = {}): Record<K, number> {
  const merged: Record<string, string> = { ...defaults, ...settings };
  return Object.fromEntries(Object.entries(merged).map(([k, v]) => [k, parseDuration(v)!])) as Record<K, number>;
}

/** Formats milliseconds for people: "2h 5m", "45s". */
export function formatDuration(ms: number): string {
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, size] of [['d', 86_400], ['h', 3_600], ['m', 60], ['s', 1]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.length > 0 ? parts.slice(0, 2).join(' ') : '0s';
}
