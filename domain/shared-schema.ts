// One instance of each module-level schema per worker, not one per workflow run.
//
// The Temporal worker runs every cached workflow run in one V8 context but gives each run its own instance of every
// bundled module, so a schema built at module load is built again for each run and kept as long as the run is cached:
// domain/'s ~1,000 zod schema objects were ~1.1 MiB of heap per waiting run (docs/benchmarks.md "Worker memory").
// The worker loads this module once and shares it between runs (workers/worker.ts WORKFLOW_PRELOAD_MODULES), so the
// first run builds each schema and the others reuse it, as every caller in a plain Node process shares one module.
//
// Sharing is safe because what is shared has no per-run state: a schema is a pure description (its checks are pure
// functions of domain/, which has no clock, no Temporal API and no module state); the caches zod fills on first use
// (bound methods, parse plans) are the same whichever run fills them. Outside a worker this is a plain memo.
//
// The key names the declaration, `<file under domain/>#<name>` (test/foundation/shared-schema.test.ts checks that
// every key is unique and names its own file and constant).
const built = new Map<string, unknown>();

/** The schema `build` makes, built once per worker (or process) under `key`. */
export function sharedSchema<T>(key: string, build: () => T): T {
  if (built.has(key)) return built.get(key) as T;
  const schema = build();
  built.set(key, schema);
  return schema;
}
