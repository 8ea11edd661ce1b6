import { join } from 'node:path';
import { BUILTIN_API_DEFINITIONS } from '../../suites/apis.ts';
import { REFERENCE_API_NAMES, type ReferenceApiName } from '../reference/apis.ts';
import { PACKAGE_ROOT } from '../package-root.ts';
import type { ApiDefinition } from '../vitest/api-definition.ts';

/** What `conform run <name>` means for a built-in API: its definition (`suites/<name>/api.ts`), with paths resolved. */
export interface BuiltinApi extends Omit<ApiDefinition, 'name' | 'spec'> {
  readonly name: ReferenceApiName;
  /** The canonical document in `specs/`, absolute. */
  readonly spec: string;
  /** Its vitest suites. */
  readonly suitesDir: string;
}

function builtinApis(): Readonly<Record<ReferenceApiName, BuiltinApi>> {
  const entries = BUILTIN_API_DEFINITIONS.map((definition): [ReferenceApiName, BuiltinApi] => {
    const name = definition.name;
    // A definition names the reference server that plays its deployment.
    if (!(REFERENCE_API_NAMES as readonly string[]).includes(name)) throw new Error(`suites/apis.ts: '${name}' has no reference server in src/reference/apis.ts`);
    return [name as ReferenceApiName, { ...definition, name: name as ReferenceApiName, spec: join(PACKAGE_ROOT, definition.spec), suitesDir: join(PACKAGE_ROOT, 'suites', name) }];
  });
  const missing = REFERENCE_API_NAMES.filter((name) => !entries.some(([defined]) => defined === name));
  if (missing.length > 0) throw new Error(`suites/apis.ts lists no definition of ${missing.join(', ')}`);
  return Object.fromEntries(entries) as Record<ReferenceApiName, BuiltinApi>;
}

export const BUILTIN_APIS: Readonly<Record<ReferenceApiName, BuiltinApi>> = builtinApis();

/** The generic suite that runs the contract checks on any document. */
export const CUSTOM_SUITES_DIR = join(PACKAGE_ROOT, 'suites', 'custom');

export function isBuiltinApi(name: string): name is ReferenceApiName {
  return Object.hasOwn(BUILTIN_APIS, name);
}
