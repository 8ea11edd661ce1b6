import { createHash } from 'node:crypto';
import { storeImageData } from './action-handlers.ts';
import type { ImageStore } from './image-store.ts';
import type { ImageRecord, MemberStatus, Visibility } from './model.ts';
import { glanceDefaultPrincipals } from './principals.ts';
import { storedTimestamp } from './timestamps.ts';

/** The projects seeded images belong to: the default principals' tenants. */
export const SEED_PROJECTS: readonly string[] = [
  glanceDefaultPrincipals.owner.headers['X-Project-Id'] ?? 'tenant-a',
  glanceDefaultPrincipals.other.headers['X-Project-Id'] ?? 'tenant-b',
  glanceDefaultPrincipals.admin.headers['X-Project-Id'] ?? 'admin-project',
];

/** The id of the one fixed fixture: a public, active image owned by the admin project. */
export const FIXTURE_IMAGE_ID = 'c1f0a8e2-5b0d-4f5e-9a51-0c1d2e3f4a5b';

const SEED_EPOCH_MS = Date.UTC(2024, 0, 1);
const SEED_VISIBILITIES: readonly Visibility[] = ['private', 'shared', 'community', 'public'];
const MEMBER_CYCLE: readonly MemberStatus[] = ['pending', 'accepted', 'rejected'];
const DISTROS = ['ubuntu', 'debian', 'fedora'] as const;

/** A uuid derived from a name (SHA-1, version 5 layout), so seeds are the same on every run. */
export function deterministicUuid(name: string): string {
  const hex = createHash('sha1').update(`conform-glance:${name}`).digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function blankImage(id: string, owner: string, createdMs: number): ImageRecord {
  const stamp = storedTimestamp(createdMs);
  return {
    id,
    name: null,
    status: 'queued',
    visibility: 'shared',
    protected: false,
    os_hidden: false,
    owner,
    container_format: null,
    disk_format: null,
    min_disk: 0,
    min_ram: 0,
    size: null,
    virtual_size: null,
    checksum: null,
    os_hash_algo: null,
    os_hash_value: null,
    tags: [],
    created_at: stamp,
    updated_at: stamp,
    properties: {},
    data: null,
    members: new Map(),
  };
}

/** The fixed fixture every server starts with, like the cirros image of a fresh cloud. */
function fixtureImage(): ImageRecord {
  const image = blankImage(FIXTURE_IMAGE_ID, SEED_PROJECTS[2] ?? 'admin-project', SEED_EPOCH_MS - 86_400_000);
  image.name = 'cirros-0.6.2-x86_64-disk';
  image.visibility = 'public';
  image.container_format = 'bare';
  image.disk_format = 'qcow2';
  image.tags = ['fixture'];
  image.properties = { os_distro: 'cirros' };
  storeImageData(image, Buffer.from('cirros image bytes'));
  return image;
}

/**
 * The i-th seeded image of one project. Everything derives from (project, i): visibility cycles
 * through the four, pairs of images share a created_at second (so the id tie-break matters), every
 * 5th is queued without data, every 6th protected, every 7th hidden, every 11th deactivated.
 */
export function seededImage(project: string, projectIndex: number, index: number): ImageRecord {
  const created = SEED_EPOCH_MS + Math.floor(index / 2) * 60_000 + projectIndex * 1000;
  const image = blankImage(deterministicUuid(`${project}:${index}`), project, created);
  image.updated_at = storedTimestamp(created + (index % 3) * 3_600_000);
  image.name = `${project}-image-${String(index).padStart(3, '0')}`;
  image.visibility = SEED_VISIBILITIES[(index + projectIndex) % SEED_VISIBILITIES.length] ?? 'private';
  image.container_format = 'bare';
  image.disk_format = index % 2 === 0 ? 'qcow2' : 'raw';
  image.min_ram = (index % 4) * 512;
  image.protected = index % 6 === 5;
  image.os_hidden = index % 7 === 6;
  image.tags = ['seed', index % 2 === 0 ? 'even' : 'odd', ...(index % 3 === 0 ? ['triple'] : [])];
  image.properties = { os_distro: DISTROS[index % DISTROS.length] ?? 'ubuntu' };
  if (index % 5 !== 4) {
    storeImageData(image, Buffer.alloc(64 * (index + 1) + projectIndex, 97 + (index % 26)));
    if (index % 11 === 10) image.status = 'deactivated';
  }
  if (image.visibility === 'shared') {
    // Share with the next seed project, member status cycling, so member_status filters have data.
    const memberId = SEED_PROJECTS[(projectIndex + 1) % SEED_PROJECTS.length] ?? 'tenant-b';
    image.members.set(memberId, {
      memberId,
      status: MEMBER_CYCLE[index % MEMBER_CYCLE.length] ?? 'pending',
      createdAt: image.created_at,
      updatedAt: image.created_at,
    });
  }
  return image;
}

/** Fills a fresh store: the fixture, then `perProject` seeded images for each seed project. */
export function seedStore(store: ImageStore, perProject: number): void {
  store.add(fixtureImage());
  for (const [projectIndex, project] of SEED_PROJECTS.entries()) {
    for (let index = 0; index < perProject; index += 1) store.add(seededImage(project, projectIndex, index));
  }
}
