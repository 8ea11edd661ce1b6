import type { FixtureRef } from '../fixtures.ts';
import type { PrincipalsInput } from '../principals.ts';
import type { Unblock } from '../run/cleanup-ledger.ts';
import type { ContractRunOptions } from '../run/contract-run.ts';
import type { DefaultTarget, SuiteDefaults } from '../run/suite-runtime.ts';
import type { OutgoingRequest } from '../transport/exchange.ts';

/** How a built-in API reads one declared fixture as its principal: the request, and whether the answer shows it. */
export interface FixtureProbe {
  readonly request: (target: string, ref: FixtureRef) => Pick<OutgoingRequest, 'method' | 'url'>;
  readonly found: (status: number, body: unknown) => boolean;
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
      /** A long sequence's requests: a budget sized on it holds whatever the seed. */
      readonly perSequence: number;
      /**
       * A sequence's requests on average over a whole walk, where it differs much from a long one
       * (IMG: 4 to 8 a sequence over 30, 13 over 7): what a shard split balances on.
       */
      readonly typicalPerSequence?: number;
      /**
       * The other visibility suite file of the API: in one process the second of the two reads the
       * first's walk when it broke no rule of either (`CLEAN_WALKS` in visibility-run.ts), so on a clean
       * target the pair costs one walk.
       */
      readonly walksWith: string;
    };

/** How a suite file wants its embedded reference server (a short quota window, extra seeded data). */
export interface DefaultTargetOptions {
  readonly rateWindowMs?: number;
  readonly seedData?: number;
}

/**
 * Everything conform knows of one built-in API, in one place: its suite files, the CLI (`conform run
 * <name>`), the fault proofs and the benchmarks read it. Adding an API is a folder under `suites/`
 * with its `api.ts`, and a line in `suites/apis.ts`.
 */
export interface ApiDefinition {
  readonly name: string;
  readonly title: string;
  /** Its document, relative to the package root (`specs/…`). */
  readonly spec: string;
  /** Where the document's paths live on the embedded reference server. */
  readonly basePath: string;
  readonly defaultPrincipals: PrincipalsInput;
  /** Starts its embedded reference server: the target of plain vitest and of `conform run <name>` without `--target`. */
  startDefaultTarget(options?: DefaultTargetOptions): Promise<DefaultTarget>;
  /** What its contract suite adds to the generic run (a removal hook, a policy, fixtures' state). */
  readonly contractOptions?: ContractRunOptions;
  /** What makes a leftover item deletable when its DELETE is refused (cleanup, `conform cleanup`). */
  readonly unblock?: Unblock;
  /** How a declared fixture (`--fixtures`) is read as its principal before the run, when the suites use fixtures. */
  readonly fixtureProbe?: FixtureProbe;
  /** Requests each semantic suite file sends, by file name, for sizing and splitting a run (`--budget`, `--shard`). */
  readonly suiteRequests: Readonly<Record<string, SuiteRequestEstimate>>;
}

/** What a suite file of `api` runs against under plain vitest: its document, base path, principals and server. */
export function suiteDefaults(api: ApiDefinition, target: DefaultTargetOptions = {}): SuiteDefaults {
  return {
    api: api.name,
    sources: [api.spec],
    startDefaultTarget: () => api.startDefaultTarget(target),
    ...(api.basePath ? { basePath: api.basePath } : {}),
    defaultPrincipals: api.defaultPrincipals,
  };
}
