// Routes the Temporal SDK's own logs (worker, core) into our pino logger, once per process.
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from 'pino';

const levels: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

export function installRuntimeLogger(logger: Logger, level: LogLevel = 'INFO'): void {
  const temporalLogger = logger.child({ component: 'temporal' });
  Runtime.install({
    logger: new DefaultLogger(level, (entry) => {
      temporalLogger[levels[entry.level]]({ ...entry.meta }, entry.message);
    }),
  });
}
