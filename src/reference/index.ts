/**
 * `conform/reference`: the embedded reference servers, the default target of `conform run` and
 * the proof that every check catches its defect (faults switched on).
 */
export { startReferenceServer, referenceApis, listFaults } from './server.ts';

export { PROBE_WINDOW_MS } from './default-target.ts';
export type {
  FaultDefinition,
  ReferenceApiName,
  ReferenceServer,
  ReferenceServerOptions,
} from './types.ts';
