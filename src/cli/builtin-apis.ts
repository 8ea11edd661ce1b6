import { join } from 'node:path';
import type { PrincipalsInput } from '../principals.ts';
import { glanceDefaultPrincipals } from '../reference/glance/principals.ts';
import { imgDefaultPrincipals } from '../reference/img/principals.ts';
import { primeDefaultPrincipals } from '../reference/prime/principals.ts';
import type { ReferenceApiName } from '../reference/types.ts';
import { PACKAGE_ROOT } from '../package-root.ts';
import type { Unblock } from '../run/cleanup-ledger.ts';
import type { FixtureProbe } from './run/fixture-preflight.ts';

/** What `conform run <name>` means for a built-in API. */
export interface BuiltinApi {
  readonly name: ReferenceApiName;
  readonly title: string;
  /** The canonical document in `specs/`. */
  readonly spec: string;
  /** Its vitest suites. */
  readonly suitesDir: string;
  /** Where the document's paths live on the embedded reference server. */
  readonly basePath: string;
  readonly defaultPrincipals: PrincipalsInput;
  /** What makes a leftover item deletable when its DELETE is refused. */
  readonly unblock?: Unblock;
  /** How a declared fixture (`--fixtures`) is read as its principal before the run, when the suites use fixtures. */
  readonly fixtureProbe?: FixtureProbe;
  /** Requests each semantic suite file sends, by file name, for splitting a run into shards (`--shard`). */
  readonly suiteRequests: Readonly<Record<string, SuiteRequestEstimate>>;
}

/**
 * A semantic suite file's requests, measured on the reference server (summary.json's requests per
 * suite, seeds 1 to 3). `fixed`: a plan of set steps. `sequences`: a visibility suite, which learns the
 * target once (`prepare`) and then walks its sequences (`--sequences`, tours included), each a reset
 * and up to 16 commands (`perSequence`, the mean over seeds).
 */
export type SuiteRequestEstimate =
  | { readonly scale: 'fixed'; readonly requests: number }
  | {
      readonly scale: 'sequences';
      readonly prepare: number;
      readonly perSequence: number;
      /**
       * The other visibility suite file of the API: in one process the second of the two reads the
       * first's walk when it broke no rule of either (`CLEAN_WALKS` in visibility-run.ts), so on a clean
       * target the pair costs one walk.
       */
      readonly walksWith: string;
    };

/** Glance refuses to delete a protected image: lift the protection first. */
const unprotectGlanceImage: Unblock = (entry) => [
  {
    method: 'PATCH',
    url: entry.url,
    headers: { 'content-type': 'application/openstack-images-v2.1-json-patch' },
    body: JSON.stringify([{ op: 'replace', path: '/protected', value: false }]),
  },
];

export const BUILTIN_APIS: Readonly<Record<ReferenceApiName, BuiltinApi>> = {
  glance: {
    name: 'glance',
    title: 'OpenStack Image service v2',
    spec: join(PACKAGE_ROOT, 'specs', 'glance-v2.yaml'),
    suitesDir: join(PACKAGE_ROOT, 'suites', 'glance'),
    basePath: '/v2',
    defaultPrincipals: glanceDefaultPrincipals,
    unblock: unprotectGlanceImage,
    suiteRequests: {
      'attribute-rules.test.ts': { requests: 80, scale: 'fixed' },
      'exact-errors.test.ts': { requests: 23, scale: 'fixed' },
      'image-data.test.ts': { requests: 30, scale: 'fixed' },
      'lifecycle.test.ts': { requests: 22, scale: 'fixed' },
      'list-queries.test.ts': { requests: 105, scale: 'fixed' },
      'malformed.test.ts': { requests: 8, scale: 'fixed' },
      'pagination.test.ts': { requests: 10, scale: 'fixed' },
      'sharing.test.ts': { requests: 48, scale: 'fixed' },
      'visibility-applied.test.ts': { scale: 'sequences', prepare: 37, perSequence: 12, walksWith: 'visibility-isolation.test.ts' },
      'visibility-isolation.test.ts': { scale: 'sequences', prepare: 37, perSequence: 12, walksWith: 'visibility-applied.test.ts' },
    },
  },
  prime: {
    name: 'prime',
    title: 'Prime Intellect image visibility',
    spec: join(PACKAGE_ROOT, 'specs', 'prime-intellect.yaml'),
    suitesDir: join(PACKAGE_ROOT, 'suites', 'prime'),
    basePath: '',
    defaultPrincipals: primeDefaultPrincipals,
    fixtureProbe: {
      request: (target, ref) => ({
        method: 'GET',
        url: `${target.replace(/\/+$/, '')}/api/v1/images/${encodeURIComponent(ref.image_name ?? '')}/${encodeURIComponent(ref.image_tag ?? '')}${ref.team_id === undefined ? '' : `?teamId=${encodeURIComponent(ref.team_id)}`}`,
      }),
      // Prime's GET answers `{images: [...]}`, one row per artifact of name:tag in the caller's context.
      found: (status, body) => status === 200 && Array.isArray((body as { images?: unknown } | undefined)?.images) && ((body as { images: unknown[] }).images.length > 0),
    },
    suiteRequests: {
      'lifecycle.test.ts': { requests: 7, scale: 'fixed' },
      'rate-limit.test.ts': { requests: 103, scale: 'fixed' },
      'visibility-applied.test.ts': { scale: 'sequences', prepare: 39, perSequence: 15, walksWith: 'visibility-isolation.test.ts' },
      'visibility-isolation.test.ts': { scale: 'sequences', prepare: 39, perSequence: 15, walksWith: 'visibility-applied.test.ts' },
    },
  },
  img: {
    name: 'img',
    title: 'IMG Processing publish',
    spec: join(PACKAGE_ROOT, 'specs', 'img-processing.yaml'),
    suitesDir: join(PACKAGE_ROOT, 'suites', 'img'),
    basePath: '',
    defaultPrincipals: imgDefaultPrincipals,
    suiteRequests: {
      'lifecycle.test.ts': { requests: 11, scale: 'fixed' },
      'pagination.test.ts': { requests: 6, scale: 'fixed' },
      'rate-limit.test.ts': { requests: 116, scale: 'fixed' },
      'visibility-applied.test.ts': { scale: 'sequences', prepare: 2, perSequence: 8, walksWith: 'visibility-isolation.test.ts' },
      'visibility-isolation.test.ts': { scale: 'sequences', prepare: 2, perSequence: 8, walksWith: 'visibility-applied.test.ts' },
    },
  },
};

/** The generic suite that runs the contract checks on any document. */
export const CUSTOM_SUITES_DIR = join(PACKAGE_ROOT, 'suites', 'custom');

export function isBuiltinApi(name: string): name is ReferenceApiName {
  return Object.hasOwn(BUILTIN_APIS, name);
}
