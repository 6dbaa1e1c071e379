// Output and errors of partnerctl. Exit codes: 0 ok, 1 failure (workflow failed, not found, server unreachable),
// 2 bad usage or input. `--json` prints one JSON document on stdout for scripts; progress goes to stderr.

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** On a terminal: replaces the progress line on stderr ('' clears it). Absent when piped: plain lines only. */
  progress?(text: string): void;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  ...(process.stderr.isTTY ? { progress: (text: string) => process.stderr.write(`\r\x1b[2K${text.slice(0, Math.max(20, (process.stderr.columns ?? 80) - 1))}`) } : {}),
};

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Bad command line or input: exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Something that failed after the input was accepted: exit code 1. */
export class CommandFailed extends Error {
  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'CommandFailed';
  }
}

/** `key: value` lines, nested objects indented, for humans. */
export function formatFields(value: unknown, indent = ''): string[] {
  if (value === null || typeof value !== 'object') return [`${indent}${String(value)}`];
  const lines: string[] = [];
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (item === undefined) continue;
    if (item !== null && typeof item === 'object') {
      if (Array.isArray(item) && item.every((x) => x === null || typeof x !== 'object')) lines.push(`${indent}${key}: ${item.join(', ')}`);
      else lines.push(`${indent}${key}:`, ...formatFields(item, `${indent}  `));
    } else {
      lines.push(`${indent}${key}: ${String(item)}`);
    }
  }
  return lines;
}
