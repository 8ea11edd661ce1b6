import type { ContractRunOptions } from '../../src/run/contract-run.ts';
import { GLANCE_POLICY } from './policy.ts';
import { unprotectCase } from './unprotect.ts';

/**
 * What Glance's contract suite adds to the generic run: lifting a protection it may have set before
 * a delete, and upstream's policy (who may do what).
 */
export const glanceContractOptions: ContractRunOptions = { beforeRemove: (resource) => [unprotectCase(resource)], policy: GLANCE_POLICY };
