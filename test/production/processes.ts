// Runs the service's own entry points (worker, partnerctl, webhook) as separate processes with a given environment,
// as a deployment would: nothing shared with the test but the network and the files it names.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// Node itself with tsx's loader, not the `tsx` command: that one runs the script in a child process of its own, so a
// SIGKILL sent to it would leave the real worker running (orphaned) instead of killing it.
const TSX_LOADER = ['--import', 'tsx'];

/** The environment a child gets: PATH and HOME only from ours, so no developer setting (TEMPORAL_*, LINEWORKS_*) leaks in. */
export function childEnv(env: Record<string, string>): Record<string, string> {
  // Metrics off: their fixed default ports would collide between the processes of one test.
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', METRICS_ENABLED: 'false', ...env };
}

export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves once `text` appears in stdout or stderr; rejects if the process exits first. */
  waitFor(text: string | RegExp): Promise<void>;
  exited: Promise<number | null>;
}

export function startProcess(script: string, args: string[], env: Record<string, string>): RunningProcess {
  const child = spawn(process.execPath, [...TSX_LOADER, script, ...args], { cwd: ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    waitFor(text) {
      const seen = () => (typeof text === 'string' ? output.includes(text) : text.test(output));
      return new Promise<void>((resolve, reject) => {
        if (seen()) return resolve();
        const listener = () => {
          if (seen()) {
            listeners.delete(listener);
            resolve();
          }
        };
        listeners.add(listener);
        void exited.then((code) => {
          if (!seen()) reject(new Error(`${script} exited (${code}) before printing ${String(text)}:\n${output}`));
        });
      });
    },
  };
}

/** Runs to the end; returns exit code and output. */
export async function runProcess(script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const running = startProcess(script, args, env);
  const code = await running.exited;
  return { code, output: running.output() };
}
