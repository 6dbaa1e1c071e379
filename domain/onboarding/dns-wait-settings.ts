// How a DNS wait behaves, as given in workflow inputs (durations like "90s", "30 minutes", "72h"). Pure.
import { parseDuration } from '../durations.js';
import { asObject, type Problems } from '../input-validation.js';

export interface DnsWaitSettings {
  /** First interval between checks; they back off (doubling) from here. Default "1 minute". */
  initialInterval: string;
  /** Checks back off up to this interval. Default "30 minutes". */
  maxInterval: string;
  /** Recursive resolvers are asked only after this delay (negative caching). Default "30 minutes". */
  recursiveAfter: string;
  /** After DNS is seen everywhere, wait this long before activating (provider lag). Default "60s". */
  grace: string;
  /** Give up waiting (notify and ask for a decision) after this long. Default "72h". */
  deadline: string;
}

export const DNS_WAIT_DEFAULTS: DnsWaitSettings = {
  initialInterval: '1 minute',
  maxInterval: '30 minutes',
  recursiveAfter: '30 minutes',
  grace: '60s',
  deadline: '72h',
};

/** Validates an optional `dnsWait` input object; problems name `dnsWait.<setting>`. */
export function parseDnsWaitSettings(value: unknown, problems: Problems): Partial<DnsWaitSettings> | undefined {
  if (value === undefined) return undefined;
  const raw = asObject(value, 'dnsWait', problems);
  const settings: Partial<DnsWaitSettings> = {};
  for (const [key, setting] of Object.entries(raw)) {
    if (!(key in DNS_WAIT_DEFAULTS)) problems.push(`dnsWait.${key} is not a known setting (${Object.keys(DNS_WAIT_DEFAULTS).join(', ')})`);
    else if (typeof setting !== 'string' || parseDuration(setting) === undefined) problems.push(`dnsWait.${key} must be a duration such as "90s", "30 minutes" or "72h"`);
    else settings[key as keyof DnsWaitSettings] = setting;
  }
  return settings;
}

/** The settings in milliseconds, defaults filled in. */
export function dnsWaitMs(settings: Partial<DnsWaitSettings> = {}): Record<keyof DnsWaitSettings, number> {
  const merged = { ...DNS_WAIT_DEFAULTS, ...settings };
  return Object.fromEntries(Object.entries(merged).map(([k, v]) => [k, parseDuration(v)!])) as Record<keyof DnsWaitSettings, number>;
}
