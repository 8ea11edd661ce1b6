import type { ContractRunOptions } from '../../src/run/contract-run.ts';
import { glanceDeclaration } from './declaration.ts';
import { GLANCE_POLICY } from './policy.ts';
import { unprotectCase } from './unprotect.ts';

/**
 * What Glance's contract suite adds to the generic run: lifting a protection it may have set before
 * a delete, and upstream's policy (who may do what). Its resource links are the declared image's
 * (specs/glance-v2.conform.yaml), as the lifecycle and list suites read it.
 */
export const glanceContractOptions: ContractRunOptions = {
  beforeRemove: (resource) => [unprotectCase(resource)],
  policy: GLANCE_POLICY,
  resources: (model) => glanceDeclaration(model).resources,
};
