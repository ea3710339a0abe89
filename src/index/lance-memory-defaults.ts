/**
 * Lance settings that it reads from the environment and that bound its native memory, given
 * defaults here where the user has not set them. Lance reads most of them once per process, at
 * first use, so they are applied before the first connection is opened.
 */
export const LANCE_MEMORY_DEFAULTS: Readonly<Record<string, string>> = {
  /**
   * How many bytes of reads a Lance scan may queue ahead of what consumes them (Lance's default:
   * 2 GiB). A first build's full-text index reads the text column far faster than its one worker
   * (on two cores) tokenizes it, and the reads piled up in native memory. Probing the first-build
   * optimize of 1,000,000 generated chunks (2026-12-06, V8 collected before it, one run each, side
   * by side): the text index build peaked 315 MB above its start at 2 GiB, 171 MB at 16 MiB, and
   * left 193 MB less behind; `bench scale --chunks 1M` peaked at 0.83 GB instead of 1.02 GB,
   * ingest 125.8 s against 123.8 s, BM25 p50 2.4 ms in both. Without that collection the probe's
   * peaks were 1.03–1.09 GB at 2 GiB, 0.89 at 64 MiB, 0.74–0.88 at 16 MiB and 0.77 at 8 MiB.
   */
  LANCE_DEFAULT_IO_BUFFER_SIZE: String(16 * 1024 * 1024),
};

/** Sets each of LANCE_MEMORY_DEFAULTS in `env` unless it is already set there (to anything but ""). */
export function applyLanceMemoryDefaults(env: NodeJS.ProcessEnv = process.env): void {
  for (const [name, value] of Object.entries(LANCE_MEMORY_DEFAULTS)) {
    if (!env[name]) env[name] = value;
  }
}
