// What every workflow run in a worker shares: zod, and the schema instances of domain/ (domain/shared-schema.ts).
// The worker loads this module once into the V8 context its cached runs reuse (workers/worker.ts
// WORKFLOW_PRELOAD_MODULES, the bundler's `preloadModules`); every other bundled module is instantiated once per run.
// Measured per cached run: ~2.1 MiB of heap before (zod ~0.9, domain/'s schemas ~1.1), ~0.23 MiB after
// (docs/benchmarks.md "Worker memory").
//
// The SDK deep-freezes the exports of the modules it shares once they are loaded. zod keeps no per-run state, only
// its global config, into which it writes its default locale and memoizer on the first schema it builds, so one is
// built and used here, before the freeze. What the freeze does break: zod's string formats built on its own RegExps
// (z.email(), .lowercase(), z.iso.date(), ...) set lastIndex on a frozen RegExp and throw in a worker; lint refuses
// them in domain/ and workflows/ (eslint.config.js FROZEN_ZOD_FORMATS), as it refuses z.config(). Schemas themselves cannot be frozen (zod writes methods
// and caches onto a schema on first use, and a clone writes into its source's definition): domain/shared-schema.ts
// keeps them where the freeze does not reach, so they are built by the first run that needs them, not at load.
import { z } from 'zod';
import { sharedSchema } from '../domain/shared-schema.js';

z.strictObject({ configured: z.string() }).safeParse({ configured: 'before the freeze' });

export { sharedSchema, z };
