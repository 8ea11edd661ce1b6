import type { ApiModel, SecurityScheme } from './types.ts';

/** The `conform spec` summary of a model, one line per fact. */
export function summarize(model: ApiModel): string[] {
  const openapi = typeof model.document.openapi === 'string' ? model.document.openapi : model.specVersion;
  const converted = model.specVersion === '2.0' ? `Swagger 2.0 as OpenAPI ${openapi}` : `OpenAPI ${openapi}`;
  const byMethod = new Map<string, number>();
  for (const op of model.operations) byMethod.set(op.method.toUpperCase(), (byMethod.get(op.method.toUpperCase()) ?? 0) + 1);
  const unusable = new Set(model.warnings.flatMap((w) => w.unusableOperations)).size;
  const methods = [...byMethod.entries()].map(([method, count]) => `${method} ${count}`).join(', ');
  return [
    `${sourceLabel(model.sources)}: ${[model.title, model.version].filter(Boolean).join(' ')} (${converted})`,
    model.operations.length === 0
      ? `0 operations to test, ${model.webhooks ?? 0} webhook${model.webhooks === 1 ? '' : 's'} (requests the API sends; not tested)`
      : `${model.operations.length} operation${model.operations.length === 1 ? '' : 's'}: ${methods}${unusable > 0 ? ` (${unusable} more unusable, see warnings)` : ''}${model.webhooks ? `; ${model.webhooks} webhook${model.webhooks === 1 ? '' : 's'} (requests the API sends; not tested)` : ''}`,
    `security schemes: ${model.securitySchemes.length > 0 ? model.securitySchemes.map(describeScheme).join(', ') : 'none'}`,
    `servers: ${model.servers.length > 0 ? model.servers.join(', ') : 'none'}`,
    `warnings: ${model.warnings.length}`,
  ];
}

/** `a.md (7 blocks) + b.yaml`: the sources as given, Markdown blocks counted per page. */
export function sourceLabel(sources: readonly string[]): string {
  const pages = new Map<string, number>();
  for (const source of sources) {
    const page = source.replace(/#block-\d+$/, '');
    pages.set(page, (pages.get(page) ?? 0) + (page === source ? 0 : 1));
  }
  return [...pages.entries()].map(([page, blocks]) => (blocks > 0 ? `${page} (${blocks} block${blocks === 1 ? '' : 's'})` : page)).join(' + ');
}

function describeScheme(scheme: SecurityScheme): string {
  if (scheme.type === 'apiKey') return `${scheme.key} (apiKey in ${scheme.in ?? '?'} ${scheme.paramName ?? '?'})`;
  if (scheme.type === 'http') return `${scheme.key} (http ${scheme.scheme ?? '?'})`;
  return `${scheme.key} (${scheme.type})`;
}
