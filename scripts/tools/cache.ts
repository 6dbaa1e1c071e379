// Where installed tools live: outside the clone, so a fresh clone (and CI) reuses them.
import { accessSync, constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** `$LPW_CACHE_DIR`, else `$XDG_CACHE_HOME/lineworks-partner-workflows`, else `~/.cache/lineworks-partner-workflows`. */
export function toolCacheDir(): string {
  if (process.env.LPW_CACHE_DIR) return path.resolve(process.env.LPW_CACHE_DIR);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'lineworks-partner-workflows');
}

/** Logs progress of tool installs to stderr, so `--json` style stdout stays clean. */
export function say(message: string): void {
  process.stderr.write(`[tools] ${message}\n`);
}

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
