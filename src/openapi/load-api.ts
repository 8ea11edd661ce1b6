import SwaggerParser from '@apidevtools/swagger-parser';
import { SpecInvalidError, UsageError } from '../errors.ts';
import { assignIds } from './assign-ids.ts';
import { lenientValidate } from './lenient-validate.ts';
import { mergeDocuments, type SourceDocument } from './merge-documents.ts';
import { asObject, extensionsOf, type PlainObject } from './plain-object.ts';
import { abbreviate, operationKey, type Problem } from './problem.ts';
import { assembleModel } from './portable-model.ts';
import type { ReadSourceOptions, SourceText } from './read-source.ts';
import { readSources } from './read-sources.ts';
import { serverUrls } from './server-urls.ts';
import { sourceDocuments, type FoundDocument } from './source-documents.ts';
import { toOperation } from './to-operations.ts';
import { toSecuritySchemes } from './to-security-schemes.ts';
import type { ApiModel, LoadWarning, Operation, SchemaDialect } from './types.ts';
import { upgradeTo31 } from './upgrade-to-31.ts';
import { unknownFormatWarnings } from './unknown-formats.ts';
import { checkedExamples } from './example-checks.ts';
import { SchemaValidator } from './schema-validator.ts';

/** Options of {@link loadApi}. */
export interface LoadApiOptions extends ReadSourceOptions {
  /** Any problem is fatal: a one-line SpecInvalidError for the first one. */
  readonly strict?: boolean;
  /**
   * A valid OpenAPI 3.1 document may declare only `webhooks` (requests the API sends): load it with no
   * operation (`conform spec` summarizes it) instead of refusing it (every command that tests does).
   */
  readonly allowWebhooksOnly?: boolean;
}

/** The one-line refusal of a document with nothing to test: its webhooks, if any, are requests the API sends. */
export function nothingToTestError(sources: readonly string[], declared: number, webhooks: number, problems: number): SpecInvalidError {
  if (declared === 0 && webhooks > 0) return new SpecInvalidError(sources.join(', '), '/paths', `0 operations to test, ${webhooks} webhook${webhooks === 1 ? '' : 's'} (requests the API sends; not tested)`);
  const cause = declared === 0 ? 'no operation is declared' : `none of the ${declared} operations is usable (${problems} problems)`;
  return new SpecInvalidError(sources.join(', '), '/paths', `no usable operation: ${cause}`);
}

// swagger-parser refuses version strings it does not list; the dialect is what matters for dereferencing.
const PARSER_VERSION: Record<SchemaDialect, RegExp> = { 'openapi-3.0': /^3\.0\.[0-4]$/, 'openapi-3.1': /^3\.1\.[0-2]$/ };

/**
 * Loads, merges, leniently validates and normalises OpenAPI 3.0/3.1 and Swagger 2.0 sources (files, http(s)
 * URLs, Markdown pages with OpenAPI blocks) into the operation model. Problems become warnings and only the
 * operations they make unusable are left out; `strict` makes any problem a SpecInvalidError.
 */
export async function loadApi(sources: readonly string[], options: LoadApiOptions = {}): Promise<ApiModel> {
  if (sources.length === 0) throw new UsageError('no spec source given');
  return loadApiFromTexts(await readSources(sources, options), options);
}

/**
 * {@link loadApi} on sources already read (`readSources`): the same texts give the same model, which
 * is what lets a process hand the model it loaded to others (`sourcesFingerprint`).
 */
export async function loadApiFromTexts(texts: readonly SourceText[], options: LoadApiOptions = {}): Promise<ApiModel> {
  if (texts.length === 0) throw new UsageError('no spec source given');
  return modelOf(texts.flatMap((text) => sourceDocuments(text)), options);
}

async function modelOf(found: readonly FoundDocument[], options: LoadApiOptions): Promise<ApiModel> {
  const problems: Problem[] = [];
  const converted: Array<SourceDocument & { version: FoundDocument['version'] }> = [];
  for (const doc of found) {
    problems.push(...doc.problems);
    const checked = lenientValidate(doc.document, doc.version, doc.name);
    problems.push(...checked.problems);
    if (doc.version === '2.0') {
      // Imported here: swagger2openapi and its dependencies cost ~0.15 s of CPU to load, and most runs meet no 2.0 document.
      const { convertSwagger2 } = await import('./swagger2.ts');
      const result = await convertSwagger2(checked.document, doc.name);
      // The converter re-reports some problems already charged above (e.g. two body parameters).
      const unusable = new Set(checked.problems.flatMap((p) => p.unusable.map(operationKey)));
      problems.push(...result.problems.filter((p) => p.affected.length === 0 || p.affected.some((op) => !unusable.has(operationKey(op)))));
      converted.push({ source: doc.name, document: result.document, version: '2.0' });
    } else {
      converted.push({ source: doc.name, document: checked.document, version: doc.version });
    }
  }

  const first = converted[0] as (typeof converted)[number];
  const target31 = converted.find((d) => d.version === '3.1');
  const dialect: SchemaDialect = target31 ? 'openapi-3.1' : 'openapi-3.0';
  if (target31) {
    const version = String(target31.document.openapi);
    for (const d of converted) if (d.version !== '3.1') upgradeTo31(d.document, version);
  }

  const merged = mergeDocuments(converted);
  problems.push(...merged.problems);
  // Open-ended by the standard: told once per format, and never an error, not even under --strict.
  const formatWarnings = unknownFormatWarnings(merged.document, first.source);
  const document = merged.document;
  const dereferenced = await dereference(document, dialect);
  const identified = assignIds(document, merged.origins);
  problems.push(...identified.problems);

  const idOf = new Map(identified.operations.map((op) => [operationKey(op), op.id]));
  const unusable = new Set<string>();
  const warnings: LoadWarning[] = problems.map((problem) => {
    const ids = problem.unusable.map((ref) => idOf.get(operationKey(ref))).filter((id): id is string => id !== undefined);
    for (const id of ids) unusable.add(id);
    return { source: problem.source, pointer: problem.pointer, message: problem.message, unusableOperations: ids };
  });

  const operations: Operation[] = [];
  for (const ref of identified.operations) {
    if (unusable.has(ref.id)) continue;
    const source = merged.origins.get(operationKey(ref)) ?? first.source;
    try {
      operations.push(toOperation(dereferenced, { ...ref, source, dialect }));
    } catch (error: unknown) {
      const message = error instanceof Error ? error.message : String(error);
      warnings.push({ source, pointer: `/paths/${ref.path.replace(/~/g, '~0').replace(/\//g, '~1')}/${ref.method}`, message: `cannot be read: ${message.split('\n', 1)[0]}`, unusableOperations: [ref.id] });
    }
  }

  // Examples that break their own schema are told, and never sent as valid requests.
  const examples = checkedExamples(operations, new SchemaValidator(dialect, document), (operation) => merged.origins.get(operationKey(operation)) ?? first.source);
  operations.splice(0, operations.length, ...examples.operations);
  warnings.push(...examples.warnings);

  if (options.strict && warnings.length > 0) {
    const w = warnings[0] as LoadWarning;
    const more = warnings.length > 1 ? ` (--strict; ${warnings.length} problems in all)` : ' (--strict)';
    const ops = w.unusableOperations.length > 0 ? ` [unusable: ${abbreviate(w.unusableOperations)}]` : '';
    throw new SpecInvalidError(w.source, w.pointer, `${w.message}${ops}${more}`);
  }
  warnings.push(...formatWarnings);
  // Webhooks are requests the API sends, not ones it answers: nothing conform can test.
  const webhooks = Object.keys(asObject(document.webhooks)).length;
  if (operations.length === 0) {
    const declared = identified.operations.length;
    if (!(options.allowWebhooksOnly && declared === 0 && webhooks > 0)) throw nothingToTestError(found.map((d) => d.name), declared, webhooks, warnings.length);
  }

  const info = asObject(document.info);
  return assembleModel(
    {
      title: typeof info.title === 'string' ? info.title : '',
      version: typeof info.version === 'string' ? info.version : '',
      specVersion: found[0]?.version ?? '3.0',
      dialect,
      sources: found.map((d) => d.name),
      operations,
      securitySchemes: toSecuritySchemes(dereferenced),
      servers: serverUrls(document.servers),
      extensions: { ...extensionsOf(info), ...extensionsOf(document) },
      warnings,
      ...(webhooks > 0 ? { webhooks } : {}),
      document,
    },
    dereferenced,
  );
}

/** A dereferenced copy; recursive schemas keep their `$ref` so the graph has no cycles. */
async function dereference(document: PlainObject, dialect: SchemaDialect): Promise<PlainObject> {
  const copy = structuredClone(document);
  if (typeof copy.openapi !== 'string' || !PARSER_VERSION[dialect].test(copy.openapi)) {
    copy.openapi = dialect === 'openapi-3.1' ? '3.1.0' : '3.0.3';
  }
  const parser = new SwaggerParser();
  const result = await parser.dereference(copy as never, {
    resolve: { external: false },
    dereference: { circular: 'ignore' },
  });
  const out = result as unknown as PlainObject;
  out.openapi = document.openapi;
  return out;
}
