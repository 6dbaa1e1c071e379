// Graceful shutdown of a worker process on SIGTERM (Kubernetes, Docker, systemd) and SIGINT (Ctrl-C): the worker stops
// polling, lets running activities finish within its shutdown grace time and its workflow tasks complete, then
// worker.run() returns and the process closes its connection. A second signal exits at once.
import type { Worker } from '@temporalio/worker';
import type { Logger } from 'pino';

export function stopOnSignals(worker: Pick<Worker, 'shutdown' | 'getState'>, logger: Logger, signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal while stopping: exiting now');
      process.exit(130);
    }
    stopping = true;
    logger.info({ signal }, 'stopping: finishing running tasks, taking no new ones');
    if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  for (const signal of signals) process.on(signal, onSignal);
}
