// What long waits carry into their next run when they continue as new (the DNS wait, a dated cancellation): free texts
// are cut so the next run's input stays valid under its schema's length bounds.

/** Free texts carried (what the status waits for, the last error): longer ones are cut so the next run's input is valid. */
export const MAX_CARRIED_TEXT = 2000;

/** `text` cut to `max` characters (marked with an ellipsis); undefined stays undefined. */
export function carriedText(text: string | undefined, max = MAX_CARRIED_TEXT): string | undefined {
  if (text === undefined || text.length <= max) return text;
  return `${text.slice(0, max - 1)}…`;
}
