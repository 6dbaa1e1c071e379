// Starts the Temporal CLI's dev server (`temporal server start-dev`) as a child process and waits until it answers.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import { searchAttributeFlags } from '../workflows/search-attributes.js';

export interface DevServerOptions {
  cliPath: string;
  /** gRPC port (default 7233). */
  port?: number;
  /** Web UI port (default 8233). */
  uiPort?: number;
  namespace?: string;
  /** SQLite file for persistence; the folder is created. */
  dbFile: string;
  /** How long to wait for the server to answer, in ms (default 60000). */
  readyTimeoutMs?: number;
  /** A codec server the Web UI uses to show (and encode) encrypted payloads (lib/codec-server.ts). */
  uiCodecEndpoint?: string;
}

/** The `temporal server start-dev` command line for these options. */
export function devServerArgs(options: DevServerOptions): string[] {
  return [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(options.port ?? 7233),
    '--ui-port', String(options.uiPort ?? 8233),
    '--namespace', options.namespace ?? 'default',
    '--db-filename', options.dbFile,
    '--log-level', 'warn',
    ...searchAttributeFlags(),
    ...(options.uiCodecEndpoint ? ['--ui-codec-endpoint', options.uiCodecEndpoint] : []),
  ];
}

export interface DevServer {
  address: string;
  uiUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const port = options.port ?? 7233;
  const uiPort = options.uiPort ?? 8233;
  mkdirSync(path.dirname(path.resolve(options.dbFile)), { recursive: true });
  const child = spawn(options.cliPath, devServerArgs(options), { stdio: ['ignore', 'inherit', 'inherit'] });
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `exit ${code ?? signal}`;
  });

  const address = `127.0.0.1:${port}`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (exited) throw new Error(`temporal server start-dev stopped before it was ready (${exited}); is port ${port} or ${uiPort} in use?`);
    try {
      const connection = await NativeConnection.connect({ address });
      await connection.close();
      break;
    } catch (err) {
      if (Date.now() > deadline) {
        child.kill('SIGTERM');
        throw new Error(`Temporal dev server did not answer on ${address} in time: ${(err as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  return {
    address,
    uiUrl: `http://localhost:${uiPort}`,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
