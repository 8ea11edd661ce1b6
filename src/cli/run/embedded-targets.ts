import { PROBE_WINDOW_MS, startReferenceServer, type ReferenceServer } from '../../reference/index.ts';
import type { ReferenceApiName } from '../../reference/apis.ts';

export interface EmbeddedTargets {
  /** Base URL for the suites (the document's base path appended). */
  readonly target: string;
  /** A second instance with a short quota window, for the rate-limit suite. */
  readonly rateLimitTarget: string;
  /** That instance's quota window (shorter than the documented one). */
  readonly rateLimitWindowMs: number;
  /** One more instance per file tag asked for: each suite file on a server of its own, so files can run at once. */
  readonly fileTargets: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

/**
 * Starts the reference server of `api` on loopback: one whose quota is out of the way (the contract,
 * visibility and pagination suites would otherwise spend their time waiting out 429s), one with a
 * short window for the rate-limit suite to measure, and one like the first for each of `fileTags`.
 */
export async function startEmbeddedTargets(api: ReferenceApiName, basePath: string, fileTags: readonly string[] = [], seedData = 3): Promise<EmbeddedTargets> {
  const servers: ReferenceServer[] = [];
  try {
    servers.push(await startReferenceServer({ api, seedData, rateWindowMs: 1 }));
    servers.push(await startReferenceServer({ api, seedData, rateWindowMs: PROBE_WINDOW_MS }));
    for (const _tag of fileTags) servers.push(await startReferenceServer({ api, seedData, rateWindowMs: 1 }));
  } catch (error: unknown) {
    await Promise.all(servers.map((server) => server.close()));
    throw error;
  }
  const [main, probe, ...perFile] = servers as [ReferenceServer, ReferenceServer, ...ReferenceServer[]];
  return {
    target: `${main.url}${basePath}`,
    rateLimitTarget: `${probe.url}${basePath}`,
    rateLimitWindowMs: PROBE_WINDOW_MS,
    fileTargets: Object.fromEntries(fileTags.map((tag, index) => [tag, `${perFile[index]?.url ?? main.url}${basePath}`])),
    close: async () => {
      await Promise.all(servers.map((server) => server.close()));
    },
  };
}
