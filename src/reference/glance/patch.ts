import { assertClientMayName, normalizeTags, validateAttribute } from './attributes.ts';
import type { GlanceContext } from './context.ts';
import { badRequest, conflict, forbidden } from './glance-error.ts';
import type { ImageRecord } from './model.ts';
import { isBaseAttribute } from './model.ts';

/** The two JSON-Patch media types upstream accepts, with their json_schema_version. */
export const PATCH_MEDIA_TYPES: Readonly<Record<string, 4 | 10>> = {
  'application/openstack-images-v2.0-json-patch': 4,
  'application/openstack-images-v2.1-json-patch': 10,
};

export type PatchOp = 'add' | 'remove' | 'replace';

/** One validated change: the attribute it targets (paths are one level deep) and its value. */
export interface PatchChange {
  readonly op: PatchOp;
  readonly name: string;
  readonly value: unknown;
}

const OPS: readonly PatchOp[] = ['add', 'remove', 'replace'];

/**
 * Parses a patch document. v2.1 is RFC 6902 (`{op, path, value}`); v2.0 is the older draft form
 * (`{"replace": "/name", "value": ...}`). Read-only and reserved paths are 403, bad values 400, as
 * upstream's deserializer does before it looks the image up.
 */
export function parsePatch(body: unknown, version: 4 | 10): PatchChange[] {
  if (!Array.isArray(body)) throw badRequest('Request body must be a JSON array of operation objects.');
  return body.map((raw: unknown) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw badRequest('Operations must be JSON objects.');
    }
    const operation = raw as Record<string, unknown>;
    const { op, path } = version === 10 ? v21Operation(operation) : v20Operation(operation);
    const name = decodePointer(path);
    if (op !== 'remove' && !Object.hasOwn(operation, 'value')) throw badRequest(`Operation "${op}" requires a member named "value".`);
    assertClientMayName(name);
    if (op !== 'remove') validateAttribute(name, operation.value);
    return { op, name, value: operation.value };
  });
}

function v21Operation(operation: Record<string, unknown>): { op: PatchOp; path: unknown } {
  const op = operation.op;
  if (typeof op !== 'string' || !(OPS as readonly string[]).includes(op)) {
    throw badRequest(`Invalid operation: \`${String(op)}\`. It must be one of the following: add, remove, replace.`);
  }
  if (!Object.hasOwn(operation, 'path')) throw badRequest('Unable to find `path` in JSON Schema change');
  return { op: op as PatchOp, path: operation.path };
}

function v20Operation(operation: Record<string, unknown>): { op: PatchOp; path: unknown } {
  const ops = OPS.filter((op) => Object.hasOwn(operation, op));
  const op = ops[0];
  if (ops.length !== 1 || op === undefined) throw badRequest('Operation objects must contain exactly one member named "add", "remove", or "replace".');
  return { op, path: operation[op] };
}

/** A JSON pointer of exactly one token (upstream's path depth limit for image attributes). */
function decodePointer(path: unknown): string {
  if (typeof path !== 'string') throw badRequest('Pointer must be a string.');
  if (!path.startsWith('/')) throw badRequest(`Pointer \`${path}\` does not start with "/".`);
  const tokens = path.slice(1).split('/');
  if (tokens.length !== 1 || /~[^01]|~$/.test(path) || tokens[0] === '') {
    throw badRequest(`Invalid JSON pointer for this resource: '${path}'`);
  }
  return (tokens[0] ?? '').replaceAll('~1', '/').replaceAll('~0', '~');
}

/** What applying a patch produced; `keepOldValueOnAdd` switches on the add-does-not-replace fault. */
export interface PatchOptions {
  readonly version: 4 | 10;
  readonly keepOldValueOnAdd: boolean;
  /** Fault: the formats stay writable after the image has data. */
  readonly formatsAlwaysWritable?: boolean;
  /** Fault: removing a missing custom property answers 200. */
  readonly removeMissingAccepted?: boolean;
  /** Fault: removing a base attribute empties it. */
  readonly baseRemoveAccepted?: boolean;
  /** Fault: a project changes its image's owner. */
  readonly tenantChangesOwner?: boolean;
  /** Fault: a project member makes its image public. */
  readonly memberPublicizes?: boolean;
}

/**
 * Applies changes to a copy of the image, in order, with upstream's controller rules: add replaces
 * (v2.1) or conflicts (v2.0) on an existing attribute, replace/remove of a missing custom property
 * is 409, removing a base attribute is 403, publicizing needs admin, owner changes need admin.
 */
export function applyPatch(image: ImageRecord, changes: readonly PatchChange[], context: GlanceContext, options: PatchOptions): ImageRecord {
  const next: ImageRecord = { ...image, tags: [...image.tags], properties: { ...image.properties } };
  for (const change of changes) {
    const base = isBaseAttribute(change.name);
    const exists = base || Object.hasOwn(next.properties, change.name);
    if (change.op === 'remove') {
      if (base && options.baseRemoveAccepted && (change.name === 'name' || change.name === 'min_ram')) {
        setAttribute(next, change.name, change.name === 'name' ? null : 0, context, options);
        continue;
      }
      if (base) throw forbidden(`Property ${change.name} may not be removed.`);
      if (!exists && options.removeMissingAccepted) continue;
      if (!exists) throw conflict(`Property ${change.name} does not exist.`);
      delete next.properties[change.name];
      continue;
    }
    if (change.op === 'replace' && !exists) throw conflict(`Property ${change.name} does not exist.`);
    if (change.op === 'add' && exists && options.version === 4) throw conflict(`Property ${change.name} already present.`);
    if (change.op === 'add' && options.keepOldValueOnAdd && hasValue(next, change.name)) continue;
    setAttribute(next, change.name, change.value, context, options);
  }
  return next;
}

function hasValue(image: ImageRecord, name: string): boolean {
  if (!isBaseAttribute(name)) return Object.hasOwn(image.properties, name);
  const value = image[name];
  return value !== null && !(Array.isArray(value) && value.length === 0);
}

function setAttribute(image: ImageRecord, name: string, value: unknown, context: GlanceContext, options: PatchOptions): void {
  if (!isBaseAttribute(name)) {
    image.properties[name] = value as string;
    return;
  }
  switch (name) {
    case 'visibility':
      if (value === 'public' && image.visibility !== 'public' && !context.isAdmin && !options.memberPublicizes) {
        throw forbidden('You are not authorized to complete publicize_image action.');
      }
      image.visibility = value as ImageRecord['visibility'];
      return;
    case 'owner':
      if (value !== image.owner && !context.isAdmin && !options.tenantChangesOwner) throw forbidden("Owner can't be updated by non admin.");
      image.owner = value as string | null;
      return;
    case 'tags':
      image.tags = normalizeTags(value as string[]);
      return;
    case 'container_format':
    case 'disk_format':
      // Upstream's domain setters: the formats are frozen once an image leaves queued (even to the same value).
      if (image.status !== 'queued' && image.status !== 'importing' && !options.formatsAlwaysWritable) throw forbidden(`Attribute ${name} can be only replaced for a queued image.`);
      image[name] = value as string | null;
      return;
    case 'name':
      image[name] = value as string | null;
      return;
    case 'protected':
    case 'os_hidden':
      image[name] = value as boolean;
      return;
    case 'min_disk':
    case 'min_ram':
      image[name] = value as number;
      return;
  }
}
