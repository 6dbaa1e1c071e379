// Every workflow validates its one JSON input first: invalid input fails the run at once, before any API call, with a
// non-retryable ERR_INVALID_INPUT failure that names every field at fault.
import { ApplicationFailure } from '@temporalio/workflow';
import { InvalidInputError } from '../domain/input-validation.js';

export function validateOrFail<T>(parse: (raw: unknown) => T, raw: unknown): T {
  try {
    return parse(raw);
  } catch (err) {
    if (err instanceof InvalidInputError) throw ApplicationFailure.nonRetryable(err.message, err.code, ...err.problems);
    throw err;
  }
}
