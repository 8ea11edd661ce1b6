import { createHash } from 'node:crypto';
import type { ArtifactType, BuildStatus, ImageContext, ImageRow, Visibility } from './image-store.ts';
import { primeUsers } from './principals.ts';

interface Fixture {
  readonly context: ImageContext;
  readonly imageName: string;
  readonly imageTag: string;
  readonly artifacts: readonly ArtifactType[];
  readonly visibility: Visibility;
  readonly status?: BuildStatus;
}

const owner: ImageContext = { kind: 'personal', userId: primeUsers.owner.id };
const teammate: ImageContext = { kind: 'personal', userId: primeUsers.teammate.id };
const other: ImageContext = { kind: 'personal', userId: primeUsers.other.id };
const team1: ImageContext = { kind: 'team', teamId: 'team-1' };

/** Every context that gets `seedData` extra images. */
export const SEEDED_CONTEXTS: readonly ImageContext[] = [owner, teammate, other, team1];

// Each name has 1-3 tags and some tags have two artifact rows, so "update every row of name:tag"
// is observable; other has its own python-base:3.11 so a context mix-up is observable too.
const FIXTURES: readonly Fixture[] = [
  { context: owner, imageName: 'python-base', imageTag: '3.11', artifacts: ['CONTAINER_IMAGE', 'VM_SANDBOX'], visibility: 'PRIVATE' },
  { context: owner, imageName: 'python-base', imageTag: '3.12', artifacts: ['CONTAINER_IMAGE'], visibility: 'PUBLIC' },
  { context: owner, imageName: 'trainer', imageTag: 'v1', artifacts: ['CONTAINER_IMAGE'], visibility: 'PRIVATE', status: 'FAILED' },
  { context: owner, imageName: 'trainer', imageTag: 'v2', artifacts: ['CONTAINER_IMAGE', 'VM_SANDBOX'], visibility: 'PRIVATE' },
  { context: owner, imageName: 'trainer', imageTag: 'v3', artifacts: ['CONTAINER_IMAGE'], visibility: 'PRIVATE', status: 'BUILDING' },
  { context: teammate, imageName: 'notebook', imageTag: 'dev', artifacts: ['CONTAINER_IMAGE'], visibility: 'PRIVATE' },
  { context: other, imageName: 'secret-model', imageTag: 'latest', artifacts: ['CONTAINER_IMAGE', 'VM_SANDBOX'], visibility: 'PRIVATE' },
  { context: other, imageName: 'shared-tools', imageTag: '1.0', artifacts: ['CONTAINER_IMAGE'], visibility: 'PUBLIC' },
  { context: other, imageName: 'python-base', imageTag: '3.11', artifacts: ['CONTAINER_IMAGE'], visibility: 'PRIVATE' },
  { context: team1, imageName: 'team-runtime', imageTag: '2024.1', artifacts: ['CONTAINER_IMAGE', 'VM_SANDBOX'], visibility: 'PRIVATE' },
  { context: team1, imageName: 'team-runtime', imageTag: '2024.2', artifacts: ['CONTAINER_IMAGE'], visibility: 'PUBLIC' },
  { context: team1, imageName: 'eval-suite', imageTag: '0.3', artifacts: ['CONTAINER_IMAGE'], visibility: 'PRIVATE' },
];

const EPOCH_MS = Date.UTC(2024, 4, 1, 9, 0, 0);
const HOUR_MS = 3_600_000;

function contextLabel(context: ImageContext): string {
  return context.kind === 'personal' ? context.userId : `team-${context.teamId}`;
}

/** A stable id from the row's identity, so ids survive reordering of the fixtures. */
function rowId(context: ImageContext, imageName: string, imageTag: string, artifact: ArtifactType): string {
  const digest = createHash('sha256').update(`${contextLabel(context)}/${imageName}:${imageTag}/${artifact}`).digest('hex');
  return `img_${digest.slice(0, 24)}`;
}

function buildRows(fixture: Fixture, ordinal: number): ImageRow[] {
  const status = fixture.status ?? 'COMPLETED';
  const createdMs = EPOCH_MS + ordinal * HOUR_MS;
  const iso = (offsetMs: number): string => new Date(createdMs + offsetMs).toISOString();
  return fixture.artifacts.map((artifactType, index) => ({
    id: rowId(fixture.context, fixture.imageName, fixture.imageTag, artifactType),
    context: fixture.context,
    imageName: fixture.imageName,
    imageTag: fixture.imageTag,
    artifactType,
    status,
    fullImagePath:
      status === 'COMPLETED'
        ? `registry.primeintellect.ai/${contextLabel(fixture.context)}/${fixture.imageName}:${fixture.imageTag}${artifactType === 'VM_SANDBOX' ? '.qcow2' : ''}`
        : null,
    errorMessage: status === 'FAILED' ? 'build step 3/7 exited with code 1' : null,
    sizeBytes: status === 'COMPLETED' ? 512_000_000 + ordinal * 1_048_576 + index * 4096 : null,
    visibility: fixture.visibility,
    createdAt: iso(0),
    startedAt: status === 'PENDING' ? null : iso(60_000),
    completedAt: status === 'COMPLETED' || status === 'FAILED' ? iso(600_000) : null,
    pushedAt: status === 'COMPLETED' ? iso(660_000) : null,
  }));
}

/** The fixed fixtures plus `seedData` extra single-row images per seeded context, deterministically. */
export function seedImages(seedData: number): ImageRow[] {
  const extra: Fixture[] = [];
  for (let index = 0; index < seedData; index += 1) {
    for (const context of SEEDED_CONTEXTS) {
      extra.push({
        context,
        imageName: `seeded-${index}`,
        imageTag: `v${index}`,
        artifacts: [index % 3 === 2 ? 'VM_SANDBOX' : 'CONTAINER_IMAGE'],
        visibility: index % 2 === 0 ? 'PRIVATE' : 'PUBLIC',
      });
    }
  }
  return [...FIXTURES, ...extra].flatMap((fixture, ordinal) => buildRows(fixture, ordinal));
}

/** A seeded image as a fixture declaration names it: the principal that may change it, name, tag, team. */
export interface SeededImageRef {
  readonly principal: string;
  readonly imageName: string;
  readonly imageTag: string;
  readonly teamId?: string;
}

/**
 * The seeded images a run may change, as `conform serve prime --fixtures-out` declares them: each
 * user's own, and the team's under its first member (`owner`), one entry per name:tag.
 */
export function seededImageRefs(seedData: number): SeededImageRef[] {
  const byUserId = new Map<string, string>(Object.values(primeUsers).map((user) => [user.id, user.principal]));
  const seen = new Set<string>();
  const refs: SeededImageRef[] = [];
  for (const row of seedImages(seedData)) {
    const principal = row.context.kind === 'personal' ? byUserId.get(row.context.userId) : 'owner';
    const key = `${row.context.kind === 'personal' ? row.context.userId : row.context.teamId}/${row.imageName}:${row.imageTag}`;
    if (!principal || seen.has(key)) continue;
    seen.add(key);
    refs.push({ principal, imageName: row.imageName, imageTag: row.imageTag, ...(row.context.kind === 'team' ? { teamId: row.context.teamId } : {}) });
  }
  return refs;
}
