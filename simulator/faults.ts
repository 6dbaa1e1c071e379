// Fault injection per operation: random rates and deterministic "next N calls" queues of
//   error           answer 5xx without touching state
//   tooManyRequests answer 429 TOO_MANY_REQUESTS without touching state
//   hang            never answer (the client times out)
//   slow            answer normally after a delay
//   commitThenFail  apply the change, then answer 500 (or drop the connection): a blind retry applies it twice

export const FAULT_KINDS = ['error', 'tooManyRequests', 'hang', 'slow', 'commitThenFail'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  kind: FaultKind;
  /** error: 500 or 503 (default 500). */
  status?: number;
  /** slow: delay in ms (default 1000). */
  delayMs?: number;
  /** commitThenFail: 'error' answers 500, 'drop' closes the connection without an answer (default 'error'). */
  mode?: 'error' | 'drop';
}

export interface FaultProfile {
  /** Probability (0-1) of each kind per call. */
  rates?: Partial<Record<FaultKind, number>>;
  /** Settings used when a rate fires. */
  status?: number;
  delayMs?: number;
  mode?: 'error' | 'drop';
  /** Faults for the next calls, in order, each used once. */
  next?: Fault[];
}

export function faultProblem(fault: unknown): string | undefined {
  if (typeof fault !== 'object' || fault === null) return 'a fault must be an object';
  const { kind, status, delayMs, mode } = fault as Fault;
  if (!FAULT_KINDS.includes(kind)) return `kind must be one of ${FAULT_KINDS.join(', ')}`;
  if (status !== undefined && status !== 500 && status !== 503) return 'status must be 500 or 503';
  if (delayMs !== undefined && !(Number.isInteger(delayMs) && delayMs >= 0 && delayMs <= 120_000)) return 'delayMs must be 0-120000';
  if (mode !== undefined && mode !== 'error' && mode !== 'drop') return "mode must be 'error' or 'drop'";
  return undefined;
}

/** mulberry32: small seedable generator, so a fault run can be repeated. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export class FaultInjector {
  readonly #profiles = new Map<string, FaultProfile>();
  #random: () => number;

  constructor(seed = Math.floor(Math.random() * 2 ** 32)) {
    this.#random = seeded(seed);
  }

  /** Sets (replaces) the profile of `operation`; '*' applies to every operation without its own. */
  setProfile(operation: string, profile: FaultProfile): void {
    this.#profiles.set(operation, { ...profile, next: [...(profile.next ?? [])] });
  }

  /** Queues `count` copies of `fault` for the next calls of `operation`. */
  enqueue(operation: string, fault: Fault, count = 1): void {
    const profile = this.#profiles.get(operation) ?? {};
    profile.next = [...(profile.next ?? []), ...Array.from({ length: count }, () => ({ ...fault }))];
    this.#profiles.set(operation, profile);
  }

  profiles(): Record<string, FaultProfile> {
    return Object.fromEntries(this.#profiles);
  }

  clear(operation?: string): void {
    if (operation) this.#profiles.delete(operation);
    else this.#profiles.clear();
  }

  /** The fault (if any) for this call of `operation`; queued faults come first. */
  draw(operation: string): Fault | undefined {
    const profile = this.#profiles.get(operation) ?? this.#profiles.get('*');
    if (!profile) return undefined;
    const queued = profile.next?.shift();
    if (queued) return queued;
    for (const kind of FAULT_KINDS) {
      const rate = profile.rates?.[kind] ?? 0;
      if (rate > 0 && this.#random() < rate) return { kind, status: profile.status, delayMs: profile.delayMs, mode: profile.mode };
    }
    return undefined;
  }
}
