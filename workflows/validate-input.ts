// Every workflow validates its one JSON input first: invalid input fails the run at once, before any API call, with a
// non-retryable ERR_INVALID_INPUT failure that names every field at fault.
import { ApplicationFailure, patched } from '@temporalio/workflow';
import { InvalidInputError } from '../domain/input-validation.js';

/**
 * The input checks became stricter when they moved to zod schemas (bounded lengths, date windows, known time
 * zones). A run started before that deploy passed the checks of its day; replaying it with today's checks must not
 * turn its first step into a failure (that would be a nondeterminism error, and the run would be stuck). So a
 * refusal fails the run only where this patch marker is (or can be) recorded: every run started since. An older run
 * whose input today's checks refuse goes on with its input as it was accepted then.
 */
export const STRICT_INPUT_CHECKS_PATCH = 'strict-input-schemas';

export function validateOrFail<T>(parse: (raw: unknown) => T, raw: unknown): T {
  try {
    return parse(raw);
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err;
    if (!patched(STRICT_INPUT_CHECKS_PATCH)) return raw as T;
    throw ApplicationFailure.nonRetryable(err.message, err.code, ...err.problems);
  }
}
