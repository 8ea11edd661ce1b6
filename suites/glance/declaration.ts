import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Declaration } from '../../src/openapi/declaration/declaration.ts';
import { resolveDeclaration } from '../../src/openapi/declaration/resolve-declaration.ts';
import type { ApiModel } from '../../src/openapi/types.ts';
import { PACKAGE_ROOT } from '../../src/package-root.ts';

/**
 * Glance's declaration: a config file beside the document, because specs/glance-v2.yaml is the
 * vendor's fragments merged byte for byte (as a user keeps a document they cannot edit).
 */
export const GLANCE_DECLARATION_FILE = join(PACKAGE_ROOT, 'specs', 'glance-v2.conform.yaml');

// Read and resolved once per loaded document: the list and lifecycle suites of one run share it.
const resolvedFor = new WeakMap<ApiModel, Declaration>();

/** The Glance document's declaration, completed by the config file as `conform run <document> --config` completes it. */
export function glanceDeclaration(model: ApiModel): Declaration {
  const known = resolvedFor.get(model);
  if (known) return known;
  const value = (parse(readFileSync(GLANCE_DECLARATION_FILE, 'utf8')) as { declaration?: unknown }).declaration;
  const declaration = resolveDeclaration(model, { config: { source: GLANCE_DECLARATION_FILE, value } }).declaration;
  resolvedFor.set(model, declaration);
  return declaration;
}
