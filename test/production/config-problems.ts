// The configuration problems loadConfig reports for an environment, as one message ('' when it loads).
import { loadConfig } from '../../config/env.js';

export function configProblems(env: Record<string, string>): string {
  try {
    loadConfig(env);
    return '';
  } catch (err) {
    return (err as Error).message;
  }
}
