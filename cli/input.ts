// Workflow input from the command line: a JSON file (--input), inline JSON (--data) and/or --set key=value
// pairs (dotted keys for nested fields; values parsed as JSON when they are JSON, else kept as strings).
import { readFileSync } from 'node:fs';
import { UsageError } from './io.js';

function parseJson(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${label} is not valid JSON: ${(err as Error).message}`);
  }
}

export function readInput(options: { input?: string; data?: string; set?: string[] }): Record<string, unknown> {
  let base: unknown = {};
  if (options.input) {
    let text: string;
    try {
      text = readFileSync(options.input, 'utf8');
    } catch (err) {
      throw new UsageError(`--input ${options.input}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    base = parseJson(text, `--input ${options.input}`);
  }
  if (options.data) base = { ...(base as object), ...(parseJson(options.data, '--data') as object) };
  if (typeof base !== 'object' || base === null || Array.isArray(base)) throw new UsageError('the input must be a JSON object');
  const input = base as Record<string, unknown>;
  for (const pair of options.set ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set ${pair}: expected key=value`);
    const keys = pair.slice(0, eq).split('.');
    const raw = pair.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // a plain string
    }
    let target = input;
    for (const key of keys.slice(0, -1)) {
      const next = target[key];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) target[key] = {};
      target = target[key] as Record<string, unknown>;
    }
    target[keys[keys.length - 1] as string] = value;
  }
  return input;
}
