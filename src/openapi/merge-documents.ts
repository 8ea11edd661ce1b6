import { SpecConflictError } from '../errors.ts';
import { toPointer } from './json-pointer.ts';
import { asObject, deepEqual, isPlainObject, type PlainObject } from './plain-object.ts';
import type { Problem } from './problem.ts';
import { HTTP_METHODS } from './types.ts';

/** One OpenAPI 3.x document to merge and the name of the source it came from. */
export interface SourceDocument {
  readonly source: string;
  readonly document: PlainObject;
}

/** The merged document and where each operation came from. */
export interface MergedDocuments {
  readonly document: PlainObject;
  /** `get /images` → source name. */
  readonly origins: ReadonlyMap<string, string>;
  readonly problems: readonly Problem[];
}

const PATH_ITEM_SHARED = ['parameters', 'servers'] as const;

/**
 * Merges 3.x documents (same `openapi` dialect) into one, in source order: paths and operations united,
 * identical components, operations, tags and servers deduplicated. Two different definitions under one name
 * are a SpecConflictError naming both sources and the pointer. Document-level servers and security that
 * differ between sources are pushed down to the operations they governed, so nothing changes meaning.
 */
export function mergeDocuments(documents: readonly SourceDocument[]): MergedDocuments {
  const first = documents[0];
  if (!first) throw new SpecConflictError('nothing to merge');
  const origins = new Map<string, string>();
  const problems: Problem[] = [];
  const record = (doc: SourceDocument): void => {
    for (const [path, item] of Object.entries(asObject(doc.document.paths))) {
      for (const method of HTTP_METHODS) if (isPlainObject(asObject(item)[method]) && !origins.has(`${method} ${path}`)) origins.set(`${method} ${path}`, doc.source);
    }
  };
  if (documents.length === 1) {
    record(first);
    return { document: first.document, origins, problems };
  }

  const docs = documents.map((d) => ({ source: d.source, document: structuredClone(d.document) }));
  const sameServers = docs.every((d) => deepEqual(d.document.servers ?? [], docs[0]?.document.servers ?? []));
  const sameSecurity = docs.every((d) => deepEqual(d.document.security ?? [], docs[0]?.document.security ?? []));
  const allServers: PlainObject = {};
  for (const d of docs) mergeList(allServers, 'servers', d.document.servers);
  for (const d of docs) {
    if (!sameServers && Array.isArray(d.document.servers) && d.document.servers.length > 0) pushDown(d.document, 'servers', d.document.servers);
    if (!sameSecurity) pushDown(d.document, 'security', d.document.security ?? []);
  }

  const merged: PlainObject = {};
  const owner = new Map<string, string>();
  const claim = (pointer: string, source: string, existing: unknown, incoming: unknown): boolean => {
    if (existing === undefined) {
      owner.set(pointer, source);
      return true;
    }
    if (deepEqual(existing, incoming)) return false;
    throw new SpecConflictError(`${pointer} is defined differently in ${owner.get(pointer) ?? '?'} and ${source}`);
  };

  for (const { source, document } of docs) {
    for (const [key, value] of Object.entries(document)) {
      switch (key) {
        case 'paths':
          mergePaths(asObject((merged.paths ??= {})), asObject(value), source, claim);
          break;
        case 'components':
        case 'webhooks':
          mergeNamed(merged, key, asObject(value), source, claim);
          break;
        case 'servers':
          // With differing servers the union stands at the root; each operation carries its own.
          merged.servers ??= sameServers ? value : allServers.servers;
          break;
        case 'security':
          // Only present when every source agrees; otherwise it was pushed into the operations.
          merged.security ??= value;
          break;
        case 'tags':
          mergeTags(merged, value, source, problems);
          break;
        default:
          if (merged[key] === undefined) merged[key] = value;
          else if (key.startsWith('x-') && !deepEqual(merged[key], value)) {
            problems.push({ source, pointer: toPointer([key]), message: `${key} differs from an earlier source; the earlier value is kept`, unusable: [], affected: [] });
          }
      }
    }
    record({ source, document });
  }
  if (!sameServers && Array.isArray(allServers.servers) && allServers.servers.length > 0) merged.servers = allServers.servers;
  merged.paths ??= {};
  return { document: merged, origins, problems };
}

type Claim = (pointer: string, source: string, existing: unknown, incoming: unknown) => boolean;

function mergePaths(target: PlainObject, incoming: PlainObject, source: string, claim: Claim): void {
  for (const [path, rawItem] of Object.entries(incoming)) {
    const item = asObject(rawItem);
    const existing = target[path];
    if (!isPlainObject(existing)) {
      target[path] = item;
      for (const method of HTTP_METHODS) if (isPlainObject(item[method])) claim(toPointer(['paths', path, method]), source, undefined, item[method]);
      continue;
    }
    // The same path in two sources: shared path-item fields that differ move into each side's operations.
    for (const key of PATH_ITEM_SHARED) {
      if (deepEqual(existing[key], item[key])) continue;
      for (const side of [existing, item]) pushItemField(side, key);
    }
    for (const [key, value] of Object.entries(item)) {
      if ((HTTP_METHODS as readonly string[]).includes(key)) {
        if (claim(toPointer(['paths', path, key]), source, existing[key], value)) existing[key] = value;
      } else if (existing[key] === undefined) {
        existing[key] = value;
      }
    }
  }
}

function mergeNamed(merged: PlainObject, section: string, incoming: PlainObject, source: string, claim: Claim): void {
  const target = asObject((merged[section] ??= {}));
  for (const [kind, value] of Object.entries(incoming)) {
    if (section === 'webhooks' || !isPlainObject(value)) {
      if (claim(toPointer([section, kind]), source, target[kind], value)) target[kind] = value;
      continue;
    }
    const entries = asObject((target[kind] ??= {}));
    for (const [name, definition] of Object.entries(value)) {
      if (claim(toPointer([section, kind, name]), source, entries[name], definition)) entries[name] = definition;
    }
  }
}

function mergeList(merged: PlainObject, key: string, value: unknown): void {
  const list = Array.isArray(merged[key]) ? (merged[key] as unknown[]) : [];
  for (const item of Array.isArray(value) ? value : []) if (!list.some((existing) => deepEqual(existing, item))) list.push(item);
  merged[key] = list;
}

function mergeTags(merged: PlainObject, value: unknown, source: string, problems: Problem[]): void {
  const list = Array.isArray(merged.tags) ? (merged.tags as unknown[]) : [];
  (Array.isArray(value) ? value : []).forEach((tag: unknown, index: number) => {
    const name = asObject(tag).name;
    const same = list.find((existing) => asObject(existing).name === name);
    if (!same) list.push(tag);
    else if (!deepEqual(same, tag)) {
      problems.push({ source, pointer: toPointer(['tags', String(index)]), message: `tag ${String(name)} is described differently in an earlier source; the earlier one is kept`, unusable: [], affected: [] });
    }
  });
  merged.tags = list;
}

function pushDown(document: PlainObject, key: 'servers' | 'security', value: unknown): void {
  for (const rawItem of Object.values(asObject(document.paths))) {
    const item = asObject(rawItem);
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isPlainObject(op) || op[key] !== undefined) continue;
      if (key === 'servers' && item.servers !== undefined) continue;
      op[key] = value;
    }
  }
  delete document[key];
}

function pushItemField(item: PlainObject, key: (typeof PATH_ITEM_SHARED)[number]): void {
  const value = item[key];
  if (value === undefined) return;
  for (const method of HTTP_METHODS) {
    const op = item[method];
    if (!isPlainObject(op)) continue;
    if (key === 'servers') op.servers ??= value;
    else {
      const own = Array.isArray(op.parameters) ? (op.parameters as unknown[]) : [];
      const inherited = (value as unknown[]).filter((p) => !own.some((o) => sameParameter(o, p)));
      op.parameters = [...inherited, ...own];
    }
  }
  delete item[key];
}

function sameParameter(a: unknown, b: unknown): boolean {
  const x = asObject(a);
  const y = asObject(b);
  if (typeof x.$ref === 'string' || typeof y.$ref === 'string') return x.$ref === y.$ref;
  return x.name === y.name && x.in === y.in;
}
