import { describe, inject, it } from 'vitest';
import type { ResolvedDeclaration } from '../openapi/declaration/declaration.ts';
import { resolveDeclaration } from '../openapi/declaration/resolve-declaration.ts';
import type { ApiModel } from '../openapi/types.ts';
import { RUN_SETTINGS_KEY, type RunSettings } from '../run/run-settings.ts';
import type { SemanticPlan } from '../run/semantic/semantic-plan.ts';
import type { SemanticProperty } from '../run/semantic/semantic-session.ts';
import { loadSuiteApi } from '../run/suite-api.ts';
import { semanticSuite } from './semantic-suite.ts';

/** A suite that runs on the declaration of the document `conform run <source>...` was given. */
export interface DeclaredSuiteOptions {
  /** `custom lifecycle`. */
  readonly title: string;
  readonly fileTag: string;
  /** What the suite does, for the placeholder test under plain vitest. */
  readonly does: string;
  /** Why it has nothing to run when the declaration gives it nothing. */
  readonly nothingDeclared: string;
  /** Its properties and plan from the declaration; undefined when it declares nothing this suite tests. */
  readonly fromDeclaration: (model: ApiModel, declaration: ResolvedDeclaration['declaration']) => { properties: readonly SemanticProperty[]; plan: () => SemanticPlan } | undefined;
}

// The suite files of one run share a worker: the declaration is resolved once there, not once a file.
const resolved = new Map<string, Promise<ResolvedDeclaration>>();

function declarationOf(settings: RunSettings, model: ApiModel): Promise<ResolvedDeclaration> {
  const key = JSON.stringify([settings.sources, settings.declaration ?? null]);
  let found = resolved.get(key);
  if (!found) {
    found = Promise.resolve().then(() => resolveDeclaration(model, settings.declaration ? { config: settings.declaration } : {}));
    resolved.set(key, found);
  }
  return found;
}

/**
 * Registers a semantic suite over a user's document (`conform run <source>... --target URL`), from
 * its declaration alone. Under plain vitest, or when the declaration gives the suite nothing, one
 * test says so instead of passing.
 */
export async function declaredSuite(options: DeclaredSuiteOptions): Promise<void> {
  const settings = inject(RUN_SETTINGS_KEY)?.custom;
  const model = settings ? await loadSuiteApi(settings.sources) : undefined;
  const parts = settings && model ? options.fromDeclaration(model, (await declarationOf(settings, model)).declaration) : undefined;
  if (settings && parts) {
    semanticSuite({
      title: options.title,
      fileTag: options.fileTag,
      defaults: { api: 'custom', sources: settings.sources, startDefaultTarget: () => Promise.reject(new Error('conform run provides the target')), defaultPrincipals: {} },
      properties: parts.properties,
      plan: parts.plan,
    });
    return;
  }
  describe(options.title, () => {
    it(options.does, (context) => {
      context.skip(settings ? options.nothingDeclared : 'run through `conform run <source>... --target URL`');
    });
  });
}
