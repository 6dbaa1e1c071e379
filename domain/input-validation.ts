// What a refused input looks like, for workflows (which validate first) and clients (which validate before
// starting). The checks themselves are schemas (domain/schema.ts); each problem names the input field at fault.

export type Problems = string[];

/** Thrown (by clients) or turned into a non-retryable ApplicationFailure (by workflows) when input is invalid. */
export class InvalidInputError extends Error {
  readonly code = 'ERR_INVALID_INPUT';
  constructor(
    readonly workflow: string,
    readonly problems: Problems,
  ) {
    super(`${workflow}: invalid input: ${problems.join('; ')}`);
    this.name = 'InvalidInputError';
  }
}
