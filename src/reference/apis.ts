import { gistsApi } from './gists/api.ts';
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

/**
 * Reference servers of APIs conform tests from a declaration alone, with no suites of their own
 * (`specs/<document>` and `specs/<name>.conform.yaml`): `conform serve` and `conform faults` list them.
 */
export const declaredReferenceApis = { gists: gistsApi } as const satisfies Readonly<Record<string, ReferenceApiDefinition>>;

/** Every API `conform serve` plays: the built-in ones and the declared ones. */
export type ServedApiName = ReferenceApiName | keyof typeof declaredReferenceApis;
export const SERVED_API_NAMES = [...REFERENCE_API_NAMES, ...Object.keys(declaredReferenceApis)] as readonly ServedApiName[];

/** The reference server definition of a served API, built-in or declared. */
export function servedApi(name: string): ReferenceApiDefinition | undefined {
  if (isReferenceApiName(name)) return referenceApis[name];
  return Object.hasOwn(declaredReferenceApis, name) ? declaredReferenceApis[name as keyof typeof declaredReferenceApis] : undefined;
}
