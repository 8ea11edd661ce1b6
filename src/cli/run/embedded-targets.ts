import { startReferenceServer, type ReferenceServer } from '../../reference/index.ts';
import type { ReferenceApiName } from '../../reference/types.ts';

/** The quota window of the instance the rate-limit suite probes: short, so a probe finishes in seconds. */
export const PROBE_WINDOW_MS = 2_000;

export interface EmbeddedTargets {
  /** Base URL for the suites (the document's base path appended). */
  readonly target: string;
  /** A second instance with a short quota window, for the rate-limit suite. */
  readonly rateLimitTarget: string;
  close(): Promise<void>;
}

/**
 * Starts the reference server of `api` twice on loopback: one whose quota is out of the way (the
 * contract, visibility and pagination suites would otherwise spend their time waiting out 429s),
 * and one with a short window for the rate-limit suite to measure.
 */
export async function startEmbeddedTargets(api: ReferenceApiName, basePath: string, seedData = 3): Promise<EmbeddedTargets> {
  const servers: ReferenceServer[] = [];
  try {
    servers.push(await startReferenceServer({ api, seedData, rateWindowMs: 1 }));
    servers.push(await startReferenceServer({ api, seedData, rateWindowMs: PROBE_WINDOW_MS }));
  } catch (error: unknown) {
    await Promise.all(servers.map((server) => server.close()));
    throw error;
  }
  const [main, probe] = servers as [ReferenceServer, ReferenceServer];
  return {
    target: `${main.url}${basePath}`,
    rateLimitTarget: `${probe.url}${basePath}`,
    close: async () => {
      await Promise.all(servers.map((server) => server.close()));
    },
  };
}
