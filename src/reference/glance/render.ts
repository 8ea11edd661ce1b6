import type { GlanceFaults } from './faults.ts';
import { GLANCE_FAULT } from './faults.ts';
import type { ImageRecord, MemberRecord } from './model.ts';
import { shownTimestamp } from './timestamps.ts';

/** The JSON body of one image, as upstream's `_format_image`: base attributes, links, custom properties. */
export function renderImage(image: ImageRecord, faults: GlanceFaults): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: image.id,
    name: image.name,
    // Fault: status outside the enum (upper case).
    status: faults.has(GLANCE_FAULT.statusUppercase) ? image.status.toUpperCase() : image.status,
    visibility: image.visibility,
    protected: image.protected,
    os_hidden: image.os_hidden,
    owner: image.owner,
    container_format: image.container_format,
    disk_format: image.disk_format,
    // Fault: integer attribute rendered as a string.
    min_disk: faults.has(GLANCE_FAULT.minDiskAsString) ? String(image.min_disk) : image.min_disk,
    // Fault: no minimum shown as null.
    min_ram: faults.has(GLANCE_FAULT.minRamDefaultNull) && image.min_ram === 0 ? null : image.min_ram,
    size: image.size,
    virtual_size: image.virtual_size,
    checksum: image.checksum,
    os_hash_algo: image.os_hash_algo,
    os_hash_value: image.os_hash_value,
    tags: [...image.tags],
    // Fault: a date-time without the T separator and zone.
    created_at: faults.has(GLANCE_FAULT.createdAtNotDateTime) ? shownTimestamp(image.created_at).replace('T', ' ').replace('Z', '') : shownTimestamp(image.created_at),
    updated_at: shownTimestamp(image.updated_at),
    self: `/v2/images/${image.id}`,
    file: `/v2/images/${image.id}/file`,
    schema: '/v2/schemas/image',
  };
  // Fault: a required field missing.
  if (faults.has(GLANCE_FAULT.imageMissingUpdatedAt)) delete body.updated_at;
  for (const [key, value] of Object.entries(image.properties)) body[key] = value;
  return body;
}

/** The JSON body of one image member. */
export function renderMember(imageId: string, member: MemberRecord): Record<string, unknown> {
  return {
    member_id: member.memberId,
    image_id: imageId,
    status: member.status,
    created_at: shownTimestamp(member.createdAt),
    updated_at: shownTimestamp(member.updatedAt),
    schema: '/v2/schemas/member',
  };
}
