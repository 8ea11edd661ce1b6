import { asObject } from './plain-object.ts';
import type { SecurityScheme, SecuritySchemeType } from './types.ts';

const TYPES: ReadonlySet<string> = new Set(['apiKey', 'http', 'oauth2', 'openIdConnect', 'mutualTLS']);

/** The `components.securitySchemes` of a dereferenced 3.x document, in document order; unknown types are skipped. */
export function toSecuritySchemes(document: Record<string, unknown>): SecurityScheme[] {
  const schemes: SecurityScheme[] = [];
  for (const [key, raw] of Object.entries(asObject(asObject(document.components).securitySchemes))) {
    const s = asObject(raw);
    if (typeof s.type !== 'string' || !TYPES.has(s.type)) continue;
    const where = s.in === 'header' || s.in === 'query' || s.in === 'cookie' ? s.in : undefined;
    schemes.push({
      key,
      type: s.type as SecuritySchemeType,
      ...(where ? { in: where } : {}),
      ...(typeof s.name === 'string' ? { paramName: s.name } : {}),
      ...(typeof s.scheme === 'string' ? { scheme: s.scheme.toLowerCase() } : {}),
      ...(typeof s.bearerFormat === 'string' ? { bearerFormat: s.bearerFormat } : {}),
      ...(typeof s.description === 'string' ? { description: s.description } : {}),
    });
  }
  return schemes;
}
