// The simulator's control API (/_simulator, docs/simulator.md) over HTTP, for `partnerctl sim`. Errors say what the
// simulator answered, or that it is not running.
import { CommandFailed } from './io.js';

export class SimulatorControl {
  constructor(readonly url: string) {}

  async call<T = unknown>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.url}/_simulator${path}`, {
        method,
        ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (err) {
      throw new CommandFailed(`the simulator does not answer at ${this.url} (${(err as Error).message}); it runs inside \`npm start\` when no LINE WORKS credentials are set, or set --simulator <url>`);
    }
    const text = await response.text();
    const payload = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const description = (payload as { description?: string } | undefined)?.description ?? text;
      throw new CommandFailed(`simulator: ${method} ${path} answered ${response.status}: ${description}`, payload);
    }
    return payload as T;
  }
}

/** The simulator's URL: --simulator, else SIMULATOR_HOST/SIMULATOR_PORT (a wildcard host is reached on loopback). */
export function simulatorUrl(flag: string | undefined, config: { host: string; port: number }): string {
  if (flag) return flag.replace(/\/+$/, '').replace(/\/v1\.0$/, '');
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
}
