import { describe, inject, it } from 'vitest';
import type { ResolvedDeclaration } from '../openapi/declaration/declaration.ts';
import { resolveDeclaration } from '../openapi/declaration/resolve-declaration.ts';
import type { ApiModel } from '../openapi/types.ts';
import { RUN_SETTINGS_KEY, type RunSettings } from '../run/run-settings.ts';
import type { SemanticPlan } from '../run/semantic/semantic-plan.ts';
import type { SemanticProperty } from '../run/semantic/semantic-session.ts';
import { loadSuiteApi } from '../run/suite-api.ts';
import { semanticSuite } from './semantic-suite.ts';
import { SuiteRuntime, type SuiteDefaults } from '../run/suite-runtime.ts';
import { SUITE_CATALOGUE, type SuiteId, type VisibilitySuiteId } from '../checks/suite-catalogue.ts';
import { declaredVisibilities } from '../run/semantic/declared-visibility-rules.ts';
import { declaredVisibilityDefinition } from '../run/semantic/declared-visibility.ts';
import { visibilitySuite } from './visibility-suite.ts';

/** A suite that runs on the declaration of the document `conform run <source>...` was given. */
export interface DeclaredSuiteOptions {
  /** `custom lifecycle`. */
  readonly title: string;
  readonly fileTag: string;
  /** What the suite does, for the placeholder test under plain vitest. */
  readonly does: string;
  /** Why it has nothing to run when the declaration gives it nothing. */
  readonly nothingDeclared: string;
  /** The suites it reports, for a run where the declaration gives it nothing. */
  readonly checkIds: readonly SuiteId[];
  /** Its properties and plan from the declaration; undefined when it declares nothing this suite tests. */
  readonly fromDeclaration: (model: ApiModel, declaration: ResolvedDeclaration['declaration']) => { properties: readonly SemanticProperty[]; plan: () => SemanticPlan } | undefined;
}

// The suite files of one run share a worker: the declaration is resolved once there, not once a file.
const resolved = new Map<string, Promise<ResolvedDeclaration>>();

/** The declaration of a `conform run <source>...` (the document's, the config's, and what was inferred). */
export function declarationOf(settings: RunSettings, model: ApiModel): Promise<ResolvedDeclaration> {
  const key = JSON.stringify([settings.sources, settings.declaration ?? null]);
  let found = resolved.get(key);
  if (!found) {
    found = Promise.resolve().then(() => resolveDeclaration(model, settings.declaration ? { config: settings.declaration } : {}));
    resolved.set(key, found);
  }
  return found;
}

/** The run's custom document and its resolved declaration; undefined under plain vitest. */
async function declaredRun(): Promise<{ settings: RunSettings; model: ApiModel; declaration: ResolvedDeclaration['declaration'] } | undefined> {
  const settings = inject(RUN_SETTINGS_KEY)?.custom;
  if (!settings) return undefined;
  const model = await loadSuiteApi(settings.sources);
  return { settings, model, declaration: (await declarationOf(settings, model)).declaration };
}

const NOT_RUN = 'run through `conform run <source>... --target URL`';
const NOT_SELECTED = 'not selected: --checks names other suites';

/** Whether `--checks` lets a suite of these ids run: it names none of the suites, or one of these. */
function selected(settings: RunSettings, ids: readonly string[]): boolean {
  const suites = settings.checks.filter((id) => Object.hasOwn(SUITE_CATALOGUE, id));
  return suites.length === 0 || ids.some((id) => suites.includes(id));
}

const customDefaults = (settings: RunSettings): SuiteDefaults => ({
  api: 'custom',
  sources: settings.sources,
  startDefaultTarget: () => Promise.reject(new Error('conform run provides the target')),
  defaultPrincipals: {},
});

/** In a run, what a suite that has nothing to run reports: its suite ids, and whether the document gives them nothing (else the verdict counts them untested). */
interface Unrun {
  readonly settings: RunSettings;
  readonly fileTag: string;
  readonly checkIds: readonly SuiteId[];
  readonly notApplicable: boolean;
}

/**
 * One test that says why a suite has nothing to run, skipped with that reason (never a pass). In a run
 * the reason is also a result of each of its suite ids: a declared part left untested makes the
 * verdict incomplete; a document that declares nothing for the suite shows it as not applicable.
 */
function nothingToRun(title: string, does: string, reason: string, unrun?: Unrun): void {
  describe(title, () => {
    it(does, async (context) => {
      if (unrun) {
        const runtime = await SuiteRuntime.open(customDefaults(unrun.settings), unrun.fileTag);
        for (const checkId of unrun.checkIds) {
          runtime.emitResult({ operationId: 'declaration', operationLabel: `${title} (declaration)`, checkId, status: 'skipped', requests: 0, reason, findings: [], ...(unrun.notApplicable ? { notApplicable: true as const } : {}) });
        }
        await runtime.close();
      }
      context.skip(reason);
    });
  });
}

/**
 * Registers a semantic suite over a user's document (`conform run <source>... --target URL`), from
 * its declaration alone. Under plain vitest, or when the declaration gives the suite nothing, one
 * test says so instead of passing.
 */
export async function declaredSuite(options: DeclaredSuiteOptions): Promise<void> {
  const run = await declaredRun();
  if (run && !selected(run.settings, options.checkIds)) return nothingToRun(options.title, options.does, NOT_SELECTED);
  const parts = run ? options.fromDeclaration(run.model, run.declaration) : undefined;
  if (run && parts) {
    semanticSuite({ title: options.title, fileTag: options.fileTag, defaults: customDefaults(run.settings), properties: parts.properties, plan: parts.plan });
    return;
  }
  if (!run) return nothingToRun(options.title, options.does, NOT_RUN);
  nothingToRun(options.title, options.does, options.nothingDeclared, { settings: run.settings, fileTag: options.fileTag, checkIds: options.checkIds, notApplicable: true });
}

/**
 * Registers one visibility suite over a user's document: the model-based sequences of
 * declared-visibility.ts on every resource whose rules are written. A resource with a visibility but
 * no rules yet is named in the skip reason, so the verdict says what was not tested.
 */
export async function declaredVisibilitySuite(suiteId: VisibilitySuiteId): Promise<void> {
  const run = await declaredRun();
  const title = `custom ${suiteId.replace('_', ' ')}`;
  const does = 'runs the visibility rules each resource declares';
  if (!run) return nothingToRun(title, does, NOT_RUN);
  if (!selected(run.settings, [suiteId])) return nothingToRun(title, does, NOT_SELECTED);
  const { ruled, unruled } = declaredVisibilities(run.model, run.declaration);
  if (ruled.length === 0) {
    const unrun = { settings: run.settings, fileTag: `custom-${suiteId.replace('_', '-')}`, checkIds: [suiteId], notApplicable: unruled.length === 0 };
    return nothingToRun(title, does, unruled.length > 0 ? `no visibility rules to run: ${unruled.join('; ')}` : 'the document declares no visibility (x-conform resources.<name>.visibility, or conform init to start one)', unrun);
  }
  visibilitySuite({ ...customDefaults(run.settings), definition: declaredVisibilityDefinition(run.model, ruled) }, suiteId);
}
