import { resolveDeclaration } from '../../src/openapi/declaration/resolve-declaration.ts';
import type { ContractRunOptions } from '../../src/run/contract-run.ts';

/** IMG's contract suite links its operations by the declared image (the document's `x-conform`), as its lifecycle does. */
export const imgContractOptions: ContractRunOptions = { resources: (model) => resolveDeclaration(model).declaration.resources };
