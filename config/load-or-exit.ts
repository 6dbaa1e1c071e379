// Entry points load their configuration through this: a configuration error prints every problem (each naming its
// variable) and exits with status 2, instead of a stack trace.
import { ConfigError } from './env.js';

export function loadOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}
