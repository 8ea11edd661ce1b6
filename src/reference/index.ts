/**
 * `conform/reference`: the embedded reference servers, the default target of `conform run` and
 * the proof that every check catches its defect (faults switched on).
 */
export { startReferenceServer, listFaults } from './server.ts';
export { referenceApis, REFERENCE_API_NAMES, type ReferenceApiName } from './apis.ts';

export { PROBE_WINDOW_MS } from './default-target.ts';
export type {
  FaultDefinition,
  ReferenceServer,
  ReferenceServerOptions,
} from './types.ts';
