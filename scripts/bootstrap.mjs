#!/usr/bin/env node
// Runs before `npm start` and `npm test` (npm's pre-scripts), so that a fresh clone needs no other command.
// Plain Node on purpose: it must work before node_modules exists.
//  1. installs npm packages with `npm ci` when node_modules is missing or older than package-lock.json;
//  2. hands over to scripts/install-tools.ts (Temporal CLI, Java test server), passing its flags on.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lockFile = path.join(root, 'package-lock.json');
const installedMarker = path.join(root, 'node_modules', '.package-lock.json');

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`[bootstrap] '${command} ${args.join(' ')}' failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

const needsInstall = !existsSync(installedMarker) || statSync(installedMarker).mtimeMs < statSync(lockFile).mtimeMs;
if (needsInstall) {
  console.error('[bootstrap] installing npm packages (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

const tools = process.argv.slice(2);
if (tools.length > 0) {
  run(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'scripts', 'install-tools.ts'), ...tools]);
}
