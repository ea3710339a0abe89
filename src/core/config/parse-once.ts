/**
 * Parse options for a schema that is parsed once per process (knowhow.yaml, an answers file, the
 * defaults computed at load time). zod compiles a specialised parser with `new Function` on an
 * object schema's first parse, which pays only when the schema parses many values; for one value
 * the compile is most of the cost. Measured 2026-12-05 (--cpu-prof of `knowhow advise --json`):
 * zod's generateFastpass was the largest single item of start-up after module loading. Without
 * and with these options (CPU medians of 11 interleaved runs, loaded machine): advise 389 → 372 ms,
 * loading knowhow.yaml 452 → 394 ms.
 * The messages are the same either way (the config and advise tests run with these options).
 */
export const parseOnce = { jitless: true } as const;
