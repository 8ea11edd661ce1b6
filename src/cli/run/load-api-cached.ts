import type { LoadApiOptions } from '../../openapi/load-api.ts';
import type { ApiModel } from '../../openapi/types.ts';
import { decodeHandedModel, encodeHandedModel } from '../../run/handed-model-file.ts';
import { cachedModel, keepModel, type ModelCache } from '../../run/model-cache.ts';
import { modelCacheOfBuild } from './model-cache-of-build.ts';

/**
 * `loadApi` for the commands a user repeats on one document (`conform spec`, `conform cases`): the
 * model of the same texts, loaded by this build of conform before, is read back instead of parsing,
 * validating and dereferencing the documents again (a 10 MB document: seconds). Keyed by the
 * sources' content hash, so an edited document loads afresh. `--strict` always loads: its errors
 * name the problem the way the loader words them.
 */
export async function loadApiCached(sources: readonly string[], options: LoadApiOptions = {}, cache: ModelCache | undefined = modelCacheOfBuild()): Promise<ApiModel> {
  const [{ loadApi, loadApiFromTexts }, { readSources, sourcesFingerprint }] = await Promise.all([import('../../openapi/load-api.ts'), import('../../openapi/read-sources.ts')]);
  if (!cache || options.strict) return loadApi(sources, options);
  const texts = await readSources(sources);
  const fingerprint = sourcesFingerprint(texts);
  const kept = await cachedModel(cache, fingerprint);
  const decoded = kept ? decodeHandedModel(kept) : undefined;
  const { deserializeModel, serializeModel } = await import('../../openapi/portable-model.ts');
  if (decoded?.fingerprint === fingerprint) {
    let model: ApiModel | undefined;
    try {
      model = deserializeModel(decoded.bytes);
    } catch {
      // A damaged entry costs this command its speed, nothing else.
    }
    // A webhooks-only document `conform spec` kept is still nothing a command that tests can use.
    if (model && model.operations.length === 0 && !options.allowWebhooksOnly) {
      const { nothingToTestError } = await import('../../openapi/load-api.ts');
      throw nothingToTestError(model.sources, 0, model.webhooks ?? 0, model.warnings.length);
    }
    if (model) return model;
  }
  const model = await loadApiFromTexts(texts, options);
  const bytes = serializeModel(model);
  if (bytes) await keepModel(cache, fingerprint, encodeHandedModel({ fingerprint, bytes }));
  return model;
}
