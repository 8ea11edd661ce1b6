import { glanceApi } from './glance/api.ts';
import { imgApi } from './img/api.ts';
import { primeApi } from './prime/api.ts';
import type { ReferenceApiDefinition } from './types.ts';

/**
 * Every reference server by name: adding one is a folder under `src/reference/` and a line here
 * (its API's definition is `suites/<name>/api.ts`, listed in `suites/apis.ts`).
 */
export const referenceApis = { glance: glanceApi, prime: primeApi, img: imgApi } as const satisfies Readonly<Record<string, ReferenceApiDefinition>>;

/** The APIs conform ships a reference server for. */
export type ReferenceApiName = keyof typeof referenceApis;
export const REFERENCE_API_NAMES = Object.keys(referenceApis) as readonly ReferenceApiName[];

export function isReferenceApiName(name: string): name is ReferenceApiName {
  return Object.hasOwn(referenceApis, name);
}
