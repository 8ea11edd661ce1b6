import { PRIME_FAULT } from './faults.ts';
import type { PrimeFaults } from './faults.ts';
import type { ImageRow } from './image-store.ts';

/** A stored row as the spec's `ImageResponse`, with the schema faults applied here and nowhere else. */
export function presentImage(row: ImageRow, faults: PrimeFaults): Record<string, unknown> {
  const team = row.context.kind === 'team' ? row.context.teamId : null;
  const owner = row.context.kind === 'personal' ? row.context.userId : `team-${team ?? ''}`;
  const body: Record<string, unknown> = {
    id: row.id,
    artifactType: row.artifactType,
    imageName: row.imageName,
    imageTag: row.imageTag,
    status: faults.has(PRIME_FAULT.lowercaseStatus) ? row.status.toLowerCase() : row.status,
    fullImagePath: row.fullImagePath,
    errorMessage: row.errorMessage,
    sizeBytes: faults.has(PRIME_FAULT.sizeBytesString) ? String(row.sizeBytes ?? 0) : row.sizeBytes,
    visibility: row.visibility,
    createdAt: faults.has(PRIME_FAULT.httpDateCreatedAt) ? new Date(row.createdAt).toUTCString() : row.createdAt,
    startedAt: row.startedAt,
    completedAt: row.completedAt,
    pushedAt: row.pushedAt,
    teamId: team,
    ownerType: row.context.kind,
    displayRef: `${owner}/${row.imageName}:${row.imageTag}`,
  };
  if (faults.has(PRIME_FAULT.missingCreatedAt)) delete body['createdAt'];
  return body;
}
