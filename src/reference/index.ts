/**
 * `conform/reference`: the embedded reference servers, the default target of `conform run` and
 * the proof that every check catches its defect (faults switched on).
 */
export { startReferenceServer, referenceApis, listFaults } from './server.ts';

/**
 * The quota window of the instance the rate-limit suite probes (under `conform run` and under plain
 * vitest): short, so a probe finishes in seconds. The suite is told it, since it is not the documented one.
 */
export const PROBE_WINDOW_MS = 2_000;
export type {
  FaultDefinition,
  ReferenceApiName,
  ReferenceServer,
  ReferenceServerOptions,
} from './types.ts';
