import { buildClient } from '../../scripts/build-client.mjs';

/** Vitest global setup: bundles the browser code first, so tests render pages with the current client code. */
export default async function setup(): Promise<void> {
  await buildClient();
}
