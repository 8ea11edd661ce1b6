import type { GlanceReply } from './exchange.ts';
import { CONTAINER_FORMATS, DISK_FORMATS, IMAGE_STATUSES, MEMBER_STATUSES, VISIBILITIES } from './model.ts';

const UUID_PATTERN = '^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$';
const nullableString = (maxLength?: number): Record<string, unknown> => ({ type: ['null', 'string'], ...(maxLength ? { maxLength } : {}) });

/** Upstream's `/v2/schemas/image` (Glance's own JSON-schema dialect: `type` arrays for nullable). */
export const IMAGE_SCHEMA = {
  name: 'image',
  properties: {
    id: { type: 'string', description: 'An identifier for the image', pattern: UUID_PATTERN },
    name: { ...nullableString(255), description: 'Descriptive name for the image' },
    status: { type: 'string', readOnly: true, description: 'Status of the image', enum: [...IMAGE_STATUSES] },
    visibility: { type: 'string', description: 'Scope of image accessibility', enum: [...VISIBILITIES] },
    protected: { type: 'boolean', description: 'If true, image will not be deletable.' },
    os_hidden: { type: 'boolean', description: 'If true, image will not appear in default image list response.' },
    checksum: { ...nullableString(32), readOnly: true, description: 'md5 hash of image contents.' },
    os_hash_algo: { ...nullableString(64), readOnly: true, description: 'Algorithm to calculate the os_hash_value' },
    os_hash_value: { ...nullableString(128), readOnly: true, description: 'Hexdigest of the image contents' },
    owner: { ...nullableString(255), description: 'Owner of the image' },
    size: { type: ['null', 'integer'], readOnly: true, description: 'Size of image file in bytes' },
    virtual_size: { type: ['null', 'integer'], readOnly: true, description: 'Virtual size of image in bytes' },
    container_format: { type: ['null', 'string'], description: 'Format of the container', enum: [null, ...CONTAINER_FORMATS] },
    disk_format: { type: ['null', 'string'], description: 'Format of the disk', enum: [null, ...DISK_FORMATS] },
    created_at: { type: 'string', readOnly: true, description: 'Date and time of image registration' },
    updated_at: { type: 'string', readOnly: true, description: 'Date and time of the last image modification' },
    tags: { type: 'array', description: 'List of strings related to the image', items: { type: 'string', maxLength: 255 } },
    direct_url: { type: 'string', readOnly: true, description: 'URL to access the image file kept in external store' },
    min_ram: { type: 'integer', description: 'Amount of ram (in MB) required to boot image.' },
    min_disk: { type: 'integer', description: 'Amount of disk space (in GB) required to boot image.' },
    self: { type: 'string', readOnly: true, description: 'An image self url' },
    file: { type: 'string', readOnly: true, description: 'An image file url' },
    schema: { type: 'string', readOnly: true, description: 'An image schema url' },
  },
  additionalProperties: { type: 'string' },
  links: [
    { rel: 'self', href: '{self}' },
    { rel: 'enclosure', href: '{file}' },
    { rel: 'describedby', href: '{schema}' },
  ],
} as const;

const MEMBER_SCHEMA = {
  name: 'member',
  properties: {
    created_at: { type: 'string', description: 'Date and time of image member creation' },
    image_id: { type: 'string', description: 'An identifier for the image', pattern: UUID_PATTERN },
    member_id: { type: 'string', description: 'An identifier for the image member (tenantId)' },
    status: { type: 'string', description: 'The status of this image member', enum: [...MEMBER_STATUSES] },
    updated_at: { type: 'string', description: 'Date and time of last modification of image member' },
    schema: { type: 'string', readOnly: true },
  },
} as const;

const SCHEMAS: Readonly<Record<string, unknown>> = {
  image: IMAGE_SCHEMA,
  images: {
    name: 'images',
    properties: {
      images: { type: 'array', items: IMAGE_SCHEMA },
      first: { type: 'string' },
      next: { type: 'string' },
      schema: { type: 'string' },
    },
    links: [
      { rel: 'first', href: '{first}' },
      { rel: 'next', href: '{next}' },
      { rel: 'describedby', href: '{schema}' },
    ],
  },
  member: MEMBER_SCHEMA,
  members: {
    name: 'members',
    properties: { members: { type: 'array', items: MEMBER_SCHEMA }, schema: { type: 'string' } },
    links: [{ rel: 'self', href: '{schema}' }, { rel: 'describedby', href: '{member}' }],
  },
};

/** GET /v2/schemas/{name}; undefined when Glance has no such schema. */
export function schemaReply(name: string): GlanceReply | undefined {
  const schema = SCHEMAS[name];
  return schema === undefined ? undefined : { status: 200, json: schema };
}

/** The version document `GET /` answers (300, as upstream) and `GET /versions` (200). */
export function versionsBody(origin: string): unknown {
  return {
    versions: [{ id: 'v2.15', status: 'CURRENT', links: [{ rel: 'self', href: `${origin}/v2/` }] }],
  };
}
