import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RuleId } from '../checks/rules.ts';


/**
 * A defect a reference server can switch on. The fault belongs to the check or suite that must
 * catch it: `id` is `'<check-or-suite-id>/<kebab-case-defect>'`, unique within its API.
 */
export interface FaultDefinition {
  readonly id: string;
  readonly api: string;
  /** One line: what the server does wrong when the fault is on. */
  readonly description: string;
  /** The check or suite that must report it (the part of `id` before the slash). */
  readonly caughtBy: RuleId;
  /**
   * Other suites of the API whose contract the defect also breaks, each proven to report it
   * (test/suite-faults.test.ts): how a suite with no defect of its own (IMG's lifecycle: upload,
   * publish, delete) is shown able to fail.
   */
  readonly alsoCaughtBy?: readonly RuleId[];
}

/** Options common to every reference server (user input; see `ResolvedReferenceOptions`). */
export interface ReferenceServerOptions {
  readonly api: string;
  /** Fault ids to switch on; an unknown id is an error. */
  readonly faults?: Iterable<string>;
  /** Loopback only; defaults to 127.0.0.1. */
  readonly host?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Extra seeded images per tenant/account, beyond the fixed fixtures (default 0). */
  readonly seedData?: number;
  /** Length of the quota window; the documented value unless a test shrinks it. */
  readonly rateWindowMs?: number;
}

export interface ResolvedReferenceOptions {
  readonly faults: ReadonlySet<string>;
  readonly seedData: number;
  /** undefined = the API's documented window. */
  readonly rateWindowMs: number | undefined;
  /** The server's own origin, e.g. `http://127.0.0.1:4010`, known once it listens (IMG builds CDN URLs from it). */
  readonly origin: () => string;
}

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

/** What each API module exports: its fault catalogue and a handler factory over in-memory state. */
export interface ReferenceApiDefinition {
  readonly name: string;
  readonly title: string;
  readonly faults: readonly FaultDefinition[];
  createHandler(options: ResolvedReferenceOptions): RequestHandler;
}

export interface ReferenceServer {
  /** Base URL, no trailing slash, e.g. `http://127.0.0.1:4010`. */
  readonly url: string;
  readonly api: string;
  close(): Promise<void>;
}
