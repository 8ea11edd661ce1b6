/**
 * conform's public API: what `import … from 'conform'` gives. Re-exports only; each group is what a
 * user does with it. The CLI (`conform run`) is built from the same parts.
 *
 * ```ts
 * // my-api.contract.test.ts, run by the user's own `npx vitest run`
 * import { contractSuite } from 'conform';
 *
 * await contractSuite({
 *   api: 'my-api',
 *   sources: [new URL('./openapi.yaml', import.meta.url).pathname],
 *   startDefaultTarget: async () => ({ url: 'http://127.0.0.1:8080', close: async () => {} }),
 *   defaultPrincipals: { owner: { headers: { Authorization: `Bearer ${process.env.MY_TOKEN}` } } },
 * });
 * ```
 *
 * The reference servers (a target with faults to switch on) are `conform/reference`.
 */

// Running the contract checks from a vitest file: one `describe` per operation, one `it` per check.
/** Registers an API's contract suite as vitest blocks; `sources` are absolute paths or URLs. */
export { contractSuite, type ContractSuiteOptions } from './vitest/contract-suite.ts';
/** The target a suite starts (or points at) when no `conform run` provides one. */
export type { DefaultTarget, SuiteDefaults } from './run/suite-runtime.ts';
/** What a suite may send before deleting an item it created (Glance: lift `protected` first). */
export type { BeforeRemove, OwnedResource } from './run/resource-pool.ts';
/** One generated request, as checks, hooks and `conform cases` see it. */
export type { Case } from './generate/case.ts';

// Reading a document as conform does: OpenAPI 3.0/3.1, Swagger 2.0 and Markdown pages of fragments.
/** Loads, validates and dereferences documents into the model every stage reads. */
export { loadApi, type LoadApiOptions } from './openapi/load-api.ts';
export type { ApiModel, Operation } from './openapi/types.ts';

// Generating requests: what `conform cases` prints.
/** The cases conform sends for one operation (positive, negative or boundary), from a seed. */
export { casesForOperation } from './generate/cases.ts';

// The checks: one catalogue, each with an id, a title and the clause it enforces.
/** Every check conform runs on an exchange, in the order it runs them. */
export { checkCatalogue, type CheckId } from './checks/catalogue.ts';
/** The shape of a check: a pure `(exchange, context) → findings`. */
export { defineCheck, type CheckContext, type CheckDefinition } from './checks/define-check.ts';

// Who sends the requests, and what a run may change.
/** Principals (credentials by name) from JSON or a file; values may be `${ENV}`, and never print. */
export { loadPrincipalsFile, parsePrincipals, type Principal, type Principals, type PrincipalsInput } from './principals.ts';
/** Existing resources a run may change and puts back (`--fixtures`). */
export { loadFixturesFile, parseFixtures, type ApiFixtures, type FixtureRef, type FixturesByApi } from './fixtures.ts';

// Configuration: `conform.config.ts` with `export default defineConfig({...})`.
/** Types a config file. */
export { defineConfig, type ConformConfig } from './config.ts';

// Errors: each has a stable `code`, which the CLI maps to its exit status.
/** conform's typed errors. */
export {
  ConformError,
  ConfigInvalidError,
  SpecInvalidError,
  SpecUnreadableError,
  TargetUnreachableError,
  RequestTimeoutError,
  ResponseTooLargeError,
  type ErrorCode,
} from './errors.ts';
