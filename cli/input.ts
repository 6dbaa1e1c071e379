// Workflow input from the command line: a JSON file (--input), inline JSON (--data) and/or --set key=value
// pairs (dotted keys for nested fields; values parsed as JSON when they are JSON, else kept as strings).
// The input is one JSON object: anything else (an array, a string, null, a number) is refused as a whole, with one
// problem, rather than spread into fields by index or character.
import { readFileSync } from 'node:fs';
import { UsageError } from './io.js';

type JsonObject = Record<string, unknown>;

/** Keys that would reach Object.prototype through --set (a.__proto__.b=1) instead of naming an input field. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function parseObject(text: string, label: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${label} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`${label} is ${kindOf(value)}: input must be a JSON object`, [`input must be a JSON object (${label} is ${kindOf(value)})`]);
  }
  return value as JsonObject;
}

function readFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--input ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** Sets `key=value` (dotted key) on `input`, creating nested objects on the way. */
function applySet(input: JsonObject, pair: string): void {
  const eq = pair.indexOf('=');
  if (eq <= 0) throw new UsageError(`--set ${pair}: expected key=value`);
  const keys = pair.slice(0, eq).split('.');
  if (keys.some((key) => key === '' || FORBIDDEN_KEYS.has(key))) throw new UsageError(`--set ${pair.slice(0, eq)}: not a field name`);
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
    target = target[key] as JsonObject;
  }
  target[keys[keys.length - 1] as string] = value;
}

export function readInput(options: { input?: string; data?: string; set?: string[] }): JsonObject {
  const fromFile = options.input ? parseObject(readFile(options.input), `--input ${options.input}`) : {};
  const fromData = options.data !== undefined ? parseObject(options.data, '--data') : {};
  const input: JsonObject = { ...fromFile, ...fromData };
  for (const pair of options.set ?? []) applySet(input, pair);
  return input;
}
