// Child processes that tests spawn (`node --import tsx file.ts`, so the signal reaches the service itself).
import { spawn, type ChildProcess } from 'node:child_process';

/** Stops a child with SIGTERM (its graceful shutdown) and waits until it has exited. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

const ROOT = new URL('../..', import.meta.url).pathname;

/** Runs one of the service's entry points (e.g. scripts/start.ts) from the clone with `env` added; its output is collected. */
export function spawnService(script: string, env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}
