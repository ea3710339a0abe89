import { buildClient } from '../../scripts/build-client.mjs';

/**
 * Both projects (unit, e2e) load this file, each as its own module, in the one vitest process: the
 * promise lives on globalThis so the bundle is built once per run, not twice.
 */
const buildKey = Symbol.for('knowhow.test.build-client');
const registry = globalThis as typeof globalThis & { [buildKey]?: Promise<void> };

/** Vitest global setup: bundles the browser code first, so tests render pages with the current client code. */
export default function setup(): Promise<void> {
  registry[buildKey] ??= buildClient();
  return registry[buildKey];
}
