/** The four Glance visibilities. */
export const VISIBILITIES = ['public', 'private', 'community', 'shared'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** Every image status the vendor document lists. */
export const IMAGE_STATUSES = ['queued', 'saving', 'active', 'killed', 'deleted', 'pending_delete', 'deactivated', 'uploading', 'importing'] as const;
export type ImageStatus = (typeof IMAGE_STATUSES)[number];

export const CONTAINER_FORMATS = ['ami', 'ari', 'aki', 'bare', 'ovf', 'ova', 'docker', 'compressed'] as const;
export const DISK_FORMATS = ['ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2', 'vdi', 'iso', 'ploop'] as const;

export const MEMBER_STATUSES = ['pending', 'accepted', 'rejected'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/** One tenant an image is shared with. */
export interface MemberRecord {
  readonly memberId: string;
  status: MemberStatus;
  readonly createdAt: string;
  updatedAt: string;
}

/** An image as stored; timestamps are already `YYYY-MM-DDTHH:MM:SSZ` (upstream's second precision). */
export interface ImageRecord {
  id: string;
  name: string | null;
  status: ImageStatus;
  visibility: Visibility;
  protected: boolean;
  os_hidden: boolean;
  owner: string | null;
  container_format: string | null;
  disk_format: string | null;
  min_disk: number;
  min_ram: number;
  size: number | null;
  virtual_size: number | null;
  checksum: string | null;
  os_hash_algo: string | null;
  os_hash_value: string | null;
  tags: string[];
  created_at: string;
  updated_at: string;
  /** Custom (extra) properties: string values only, as the schema's additionalProperties says. */
  properties: Record<string, string>;
  data: Buffer | null;
  members: Map<string, MemberRecord>;
}

/** The base attributes a JSON-Patch may set (beyond custom properties). */
export const WRITABLE_BASE_ATTRIBUTES = [
  'name',
  'visibility',
  'protected',
  'os_hidden',
  'container_format',
  'disk_format',
  'min_disk',
  'min_ram',
  'tags',
  'owner',
] as const;
export type WritableBaseAttribute = (typeof WRITABLE_BASE_ATTRIBUTES)[number];

/** Attributes Glance computes; a client naming them in a create or patch gets 403. */
export const READ_ONLY_ATTRIBUTES: ReadonlySet<string> = new Set([
  'id',
  'created_at',
  'updated_at',
  'status',
  'checksum',
  'os_hash_algo',
  'os_hash_value',
  'size',
  'virtual_size',
  'direct_url',
  'self',
  'file',
  'schema',
  'stores',
]);

/** Names Glance reserves; a client naming them gets 403. `os_glance*` is reserved as a namespace. */
export const RESERVED_ATTRIBUTES: ReadonlySet<string> = new Set(['location', 'deleted', 'deleted_at', 'locations']);
export const RESERVED_NAMESPACE = 'os_glance';

/** True for attributes every image has (remove of one is 403 upstream). */
export function isBaseAttribute(name: string): name is WritableBaseAttribute {
  return (WRITABLE_BASE_ATTRIBUTES as readonly string[]).includes(name);
}
