// Pure input checks shared by workflows (which validate first) and by clients (which validate before starting).
// Each problem names the input field at fault.

export type Problems = string[];

export function requireString(input: Record<string, unknown>, field: string, problems: Problems, label = field): string {
  const value = input[field];
  if (typeof value !== 'string' || value.trim() === '') {
    problems.push(`${label} is required (a non-empty string)`);
    return '';
  }
  return value;
}

export function optionalString(input: Record<string, unknown>, field: string, problems: Problems, label = field): string | undefined {
  const value = input[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    problems.push(`${label} must be a string`);
    return undefined;
  }
  return value;
}

export function asObject(value: unknown, label: string, problems: Problems): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`${label} must be a JSON object`);
    return {};
  }
  return value as Record<string, unknown>;
}

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
