// Finds, or builds, the Temporal CLI that runs the local dev server (`temporal server start-dev`).
//
// The Temporal SDK would download the CLI at run time, which cannot work where only package registries
// are reachable. So we look in this order:
//   1. $TEMPORAL_CLI_PATH
//   2. the tool cache (~/.cache/lineworks-partner-workflows/temporal-cli/<version>/temporal)
//   3. `temporal` on PATH
// and, when none is found and Go is installed, build it from the Go module proxy into the cache.
// v1.5.1 is pinned: later CLI releases carry a `replace` directive that `go install` refuses.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { isExecutable, say, toolCacheDir } from './cache.js';

export const TEMPORAL_CLI_VERSION = '1.5.1';
const GO_PACKAGE = 'github.com/temporalio/cli/cmd/temporal';

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

export function cachedTemporalCliPath(): string {
  return path.join(toolCacheDir(), 'temporal-cli', TEMPORAL_CLI_VERSION, 'temporal');
}

/** The CLI to use, or undefined when none is installed (then the SDK downloads one, where it can). */
export function findTemporalCli(): string | undefined {
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`TEMPORAL_CLI_PATH=${fromEnv} is not an executable file`);
    return fromEnv;
  }
  const cached = cachedTemporalCliPath();
  if (isExecutable(cached)) return cached;
  return onPath('temporal');
}

/** Finds the CLI, building it with `go install` when it is missing and Go is available. */
export function ensureTemporalCli(): string | undefined {
  const found = findTemporalCli();
  if (found) {
    say(`Temporal CLI: ${found}`);
    return found;
  }
  const go = onPath('go');
  if (!go) {
    say('Temporal CLI not found and Go is not installed: the Temporal SDK will try to download its dev server.');
    return undefined;
  }
  const target = cachedTemporalCliPath();
  mkdirSync(path.dirname(target), { recursive: true });
  say(`building the Temporal CLI ${TEMPORAL_CLI_VERSION} with Go into ${path.dirname(target)} (takes a few minutes the first time)…`);
  const result = spawnSync(go, ['install', `${GO_PACKAGE}@v${TEMPORAL_CLI_VERSION}`], {
    stdio: 'inherit',
    env: { ...process.env, GOBIN: path.dirname(target), GOFLAGS: process.env.GOFLAGS ?? '-buildvcs=false' },
  });
  if (result.status !== 0 || !isExecutable(target)) {
    throw new Error(`go install ${GO_PACKAGE}@v${TEMPORAL_CLI_VERSION} failed (exit ${result.status ?? result.signal})`);
  }
  say(`Temporal CLI built: ${target}`);
  return target;
}
