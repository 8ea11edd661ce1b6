import { toPointer } from '../json-pointer.ts';
import type { ApiModel } from '../types.ts';
import type { ConfigDeclaration, Declaration, PaginationDeclaration, Provenance, RateLimitDeclaration, ResolvedDeclaration, ResourceDeclaration, Unresolved } from './declaration.ts';
import { inferPagination } from './infer-pagination.ts';
import { inferRateLimits } from './infer-rate-limits.ts';
import { inferResources } from './infer-resources.ts';
import { readDeclaration } from './read-declaration.ts';

/** Options of {@link resolveDeclaration}. */
export interface ResolveDeclarationOptions {
  readonly config?: ConfigDeclaration;
  /** A malformed `x-pagination`/`x-rate-limit` is an error, not a warning. */
  readonly strict?: boolean;
  /** Infer what is not written. @defaultValue true */
  readonly infer?: boolean;
}

/**
 * The declaration the semantic suites run on: what the document and the config write, completed by
 * what the document's shapes make unambiguous (a written part is never overridden by inference), with
 * where each part came from and what nobody decided yet.
 */
export function resolveDeclaration(model: ApiModel, options: ResolveDeclarationOptions = {}): ResolvedDeclaration {
  // The document's own declaration is read by several suites and the contract of one run (IMG's:
  // contract links, lifecycle, list, quota groups, estimates): resolved once per loaded document.
  const plain = options.config === undefined && options.strict !== true && options.infer !== false;
  const known = plain ? resolvedOfDocument.get(model) : undefined;
  if (known) return known;
  const resolved = resolveFresh(model, options);
  if (plain) resolvedOfDocument.set(model, resolved);
  return resolved;
}

const resolvedOfDocument = new WeakMap<ApiModel, ResolvedDeclaration>();

function resolveFresh(model: ApiModel, options: ResolveDeclarationOptions): ResolvedDeclaration {
  const written = readDeclaration(model, { ...(options.config ? { config: options.config } : {}), ...(options.strict ? { strict: true } : {}) });
  if (options.infer === false) return { ...written, unresolved: [] };
  const unresolved: Unresolved[] = [];
  const provenance: Provenance[] = [...written.provenance];
  const resources: Record<string, ResourceDeclaration> = { ...written.declaration.resources };
  const pagination: Record<string, PaginationDeclaration> = { ...written.declaration.pagination };
  const rateLimits: Record<string, RateLimitDeclaration> = { ...written.declaration.rateLimits };

  const created = new Set(Object.values(resources).map((resource) => resource.create));
  for (const found of inferResources(model, created, new Set(Object.keys(resources)), unresolved)) {
    resources[found.name] = found.resource;
    provenance.push({ pointer: toPointer(['resources', found.name]), origin: 'inferred', because: found.because });
  }
  for (const found of inferPagination(model, new Set(Object.keys(pagination)), unresolved)) {
    pagination[found.operationId] = found.pagination;
    provenance.push({ pointer: toPointer(['pagination', found.operationId]), origin: 'inferred', because: found.because });
  }
  for (const found of inferRateLimits(model, new Set(Object.keys(rateLimits)))) {
    rateLimits[found.operationId] = found.rateLimit;
    provenance.push({ pointer: toPointer(['rateLimits', found.operationId]), origin: 'inferred', because: found.because });
  }
  const declaration: Declaration = { resources, pagination, rateLimits };
  return { declaration, provenance, warnings: written.warnings, unresolved };
}
