import type { ReferenceServer, ReferenceServerOptions } from './types.ts';

/**
 * The quota window of the instance the rate-limit suite probes (under `conform run` and under plain
 * vitest): short, so a probe finishes in seconds. The suite is told it, since it is not the documented one.
 */
export const PROBE_WINDOW_MS = 2_000;

/**
 * A suite's own target, for plain vitest without one. The servers' code is imported only here: under
 * `conform run` the target is given, and a worker that never starts a server does not load it (~0.1 s
 * of CPU per worker).
 */
export async function startDefaultReferenceServer(options: ReferenceServerOptions): Promise<ReferenceServer> {
  return (await import('./server.ts')).startReferenceServer(options);
}
