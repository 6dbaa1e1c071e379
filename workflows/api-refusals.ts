// When LINE WORKS itself refuses a value (400, ERR_PARTNER_VALIDATION) and the workflow does not handle it, the run
// fails. Temporal would show "Activity task failed" at the top with the API's words two causes down; this workflow
// interceptor puts them on top instead: the operation, the API's code and description, and the input field they
// map to, so the person who started the run sees what to fix (Web UI, partnerctl, webhook callers).
// Registered for every workflow through the worker's workflow interceptor modules (workers/worker.ts).
import { ApplicationFailure, TemporalFailure, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

export const ERR_PARTNER_VALIDATION = 'ERR_PARTNER_VALIDATION';

interface RefusalDetails {
  operation?: string;
  status?: number;
  apiCode?: string;
  apiDescription?: string;
}

/** The API refusal somewhere in a failure's cause chain (activity → application failure, child workflows too). */
function findRefusal(err: unknown): ApplicationFailure | undefined {
  for (let failure: unknown = err; failure instanceof Error; failure = failure.cause) {
    if (failure instanceof ApplicationFailure && failure.type === ERR_PARTNER_VALIDATION) return failure;
  }
  return undefined;
}

/** Every leaf of the input as a dotted path (`changes.partnership.memo`), arrays by index. */
function leafPaths(value: unknown, prefix: string[] = [], out: string[][] = []): string[][] {
  if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) leafPaths(child, [...prefix, key], out);
  } else if (prefix.length > 0) out.push(prefix);
  return out;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The input field the API's words name: the input path whose longest tail (`partnership.customerCode`, then
 * `customerCode`) appears as a word in the description or code, case aside. Undefined when none does.
 */
export function inputFieldNamedBy(input: unknown, words: string): string | undefined {
  const text = words.toLowerCase();
  let best: { path: string; score: number } | undefined;
  for (const path of leafPaths(input)) {
    for (let start = 0; start < path.length; start++) {
      const tail = path.slice(start).filter((part) => !/^\d+$/.test(part)).join('.').toLowerCase();
      if (!tail) continue;
      const pattern = new RegExp(`(^|[^a-z0-9.])${escape(tail)}($|[^a-z0-9])`);
      if (pattern.test(text)) {
        const score = path.length - start;
        if (!best || score > best.score) best = { path: path.join('.'), score };
        break;
      }
    }
  }
  return best?.path;
}

/** The failure to show for `err`: a refusal by the API rewritten with its words (and the field) on top; else `err`. */
export function surfaceApiRefusal(err: unknown, input: unknown): unknown {
  if (err instanceof ApplicationFailure && err.type === ERR_PARTNER_VALIDATION) return err; // already on top
  const refusal = findRefusal(err);
  if (!refusal || !(err instanceof TemporalFailure)) return err;
  const details = (refusal.details?.[0] ?? {}) as RefusalDetails;
  const said = [details.apiCode, details.apiDescription].filter(Boolean).join(': ') || refusal.message;
  const field = inputFieldNamedBy(input, `${details.apiCode ?? ''} ${details.apiDescription ?? refusal.message}`);
  return ApplicationFailure.create({
    type: ERR_PARTNER_VALIDATION,
    message: `${details.operation ?? 'the Partner API'} refused the request: ${said}${field ? ` (input field ${field})` : ''}`,
    nonRetryable: true,
    details: [{ ...details, ...(field ? { field } : {}) }],
    cause: err,
  });
}

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [
    {
      async execute(input, next) {
        try {
          return await next(input);
        } catch (err) {
          throw surfaceApiRefusal(err, input.args[0]);
        }
      },
    },
  ],
});
