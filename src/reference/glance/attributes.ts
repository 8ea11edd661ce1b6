import { badRequest, forbidden } from './glance-error.ts';
import { CONTAINER_FORMATS, DISK_FORMATS, READ_ONLY_ATTRIBUTES, RESERVED_ATTRIBUTES, RESERVED_NAMESPACE, VISIBILITIES, isBaseAttribute } from './model.ts';

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** True for the canonical 8-4-4-4-12 hex form. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** 403 when a client names an attribute Glance computes or reserves (create body keys, patch paths). */
export function assertClientMayName(name: string): void {
  if (READ_ONLY_ATTRIBUTES.has(name)) throw forbidden(`Attribute '${name}' is read-only.`);
  if (RESERVED_ATTRIBUTES.has(name) || name.startsWith(RESERVED_NAMESPACE)) throw forbidden(`Attribute '${name}' is reserved.`);
}

function schemaError(name: string, message: string): Error {
  return badRequest(`Provided object does not match schema 'image': ${message} (attribute '${name}')`);
}

function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/**
 * Validates one writable attribute against upstream's image schema (400 otherwise). Names other
 * than base attributes are custom properties: at most 255 characters, string values only.
 */
export function validateAttribute(name: string, value: unknown): void {
  if (!isBaseAttribute(name)) {
    if (name.length > 255) throw badRequest('Custom property should not be greater than 255 characters.');
    if (typeof value !== 'string') throw schemaError(name, `${JSON.stringify(value)} is not of type 'string'`);
    return;
  }
  switch (name) {
    case 'name':
    case 'owner':
      if (value !== null && typeof value !== 'string') throw schemaError(name, "not of type 'null', 'string'");
      if (typeof value === 'string' && value.length > 255) throw schemaError(name, 'is too long (maxLength 255)');
      return;
    case 'visibility':
      if (typeof value !== 'string' || !(VISIBILITIES as readonly string[]).includes(value)) {
        throw schemaError(name, `${JSON.stringify(value)} is not one of ${VISIBILITIES.join(', ')}`);
      }
      return;
    case 'protected':
    case 'os_hidden':
      if (typeof value !== 'boolean') throw schemaError(name, `${JSON.stringify(value)} is not of type 'boolean'`);
      return;
    case 'container_format':
    case 'disk_format': {
      const allowed: readonly string[] = name === 'container_format' ? CONTAINER_FORMATS : DISK_FORMATS;
      if (value !== null && (typeof value !== 'string' || !allowed.includes(value))) {
        throw schemaError(name, `${JSON.stringify(value)} is not one of ${allowed.join(', ')}`);
      }
      return;
    }
    case 'min_disk':
    case 'min_ram':
      if (!isInteger(value)) throw schemaError(name, `${JSON.stringify(value)} is not of type 'integer'`);
      if (value < 0) throw badRequest(`Invalid value '${value}' for parameter '${name}': Cannot be a negative value`);
      return;
    case 'tags':
      if (!Array.isArray(value)) throw schemaError(name, `${JSON.stringify(value)} is not of type 'array'`);
      for (const tag of value) {
        if (typeof tag !== 'string') throw schemaError(name, `${JSON.stringify(tag)} is not of type 'string'`);
        if (tag.length > 255) throw schemaError(name, 'a tag is too long (maxLength 255)');
      }
      return;
  }
}

/** Tags are a set upstream: duplicates collapse, first occurrence keeps its place. */
export function normalizeTags(tags: readonly string[]): string[] {
  return [...new Set(tags)];
}
