import type { Finding } from '../checks/finding.ts';
import type { RetriedAttempt, TransportFailure } from '../transport/exchange.ts';

/** An exchange as it may leave the process: credentials redacted, body as text and capped. */
export interface RecordedExchange {
  readonly request: {
    readonly method: string;
    readonly url: string;
    readonly headers: Readonly<Record<string, string | readonly string[]>>;
    readonly body?: string;
  };
  readonly response?: {
    readonly status: number;
    readonly headers: Readonly<Record<string, string | readonly string[]>>;
    /** UTF-8 text (or `base64:` + data for binary), cut at the recording cap. */
    readonly body: string;
    readonly bodyBytes: number;
    /** True when the body was cut, here or by the transport's cap. */
    readonly truncated: boolean;
  };
  readonly failure?: TransportFailure;
  readonly startedAt: string;
  readonly durationMs: number;
  /** Earlier attempts that were retried (`--retries`): a flaky target stays visible in the evidence. */
  readonly retried?: readonly RetriedAttempt[];
}

/**
 * Outcome of one check (or suite step) on one operation. `error`: conform could not conclude (an
 * exception while generating, sending, checking or reporting); never a pass, and it fails the run.
 */
export type CheckStatus = 'passed' | 'failed' | 'skipped' | 'error';

/**
 * A rule's verdict, whatever judged it (a check over an operation's exchanges, a semantic property,
 * a visibility suite's sequences): what it concluded, on how many requests, and why when it did not
 * pass. `error` is conform's failure to conclude (the target went away mid-sequence, a bug), never
 * a verdict on the target. Each kind adds its evidence.
 */
export interface Verdict {
  readonly status: CheckStatus;
  readonly requests: number;
  readonly reason?: string;
}

/** One answer of a negotiation probe: its status and the media type it came in (absent: none said). */
export interface NegotiatedAnswer {
  readonly status: number;
  readonly contentType?: string;
}

/**
 * What the target did when the same request asked for the documented media types and for nothing:
 * information about the deployment (a client that sends no Accept gets this), never a finding.
 */
export interface NegotiationObservation {
  /** The Accept the run sends for this operation. */
  readonly accept: string;
  readonly withAccept: NegotiatedAnswer;
  readonly withoutAccept: NegotiatedAnswer;
  /** Whether the answer without Accept is in a media type the document gives for its status. */
  readonly documented: boolean;
}

/** What the engine emits, in order; every report is a reduction of this stream. */
export type RunEvent =
  | {
      readonly type: 'run-started';
      readonly api: string;
      readonly target: string;
      readonly seed: number;
      /** The user's `--accept` override, when the run did not send the documented media types. */
      readonly accept?: Readonly<Record<string, string>>;
      readonly startedAt: string;
    }
  | {
      readonly type: 'exchange';
      readonly operationId: string;
      /** The exchange as a serialized HAR 1.2 entry (`harEntryJson`): written and read back as is, never re-parsed. */
      readonly har: string;
    }
  | {
      readonly type: 'check-result';
      readonly operationId: string;
      readonly operationLabel: string;
      readonly checkId: string;
      readonly status: CheckStatus;
      readonly requests: number;
      /** Why it was skipped, or a one-line summary of the failure. */
      readonly reason?: string;
      /**
       * Set on a skip because the document gives the check nothing to test (no filter parameter to
       * filter by), as opposed to one it could not run (a principal missing): only the latter leaves
       * the run incomplete.
       */
      readonly notApplicable?: true;
      /**
       * Position of this verdict in an unsharded run (operation index × checks + check index), so
       * shards merge back into the order one run would have written.
       */
      readonly ordinal?: number;
    }
  | {
      readonly type: 'finding';
      readonly finding: Finding;
      /** The minimal failing exchange fast-check shrank to. */
      readonly exchange: RecordedExchange;
      readonly curl: string;
      readonly seed: number;
      /** fast-check's counterexample path, for an exact replay with the seed. */
      readonly path?: string;
      /** How many exchanges showed this same defect (same check, operation and key); 1 when absent. */
      readonly occurrences?: number;
    }
  | ({
      readonly type: 'negotiation';
      readonly operationId: string;
      readonly operationLabel: string;
    } & NegotiationObservation)
  | {
      readonly type: 'run-finished';
      readonly finishedAt: string;
      readonly durationMs: number;
      /** Set when the target could not be reached before any check ran. */
      readonly unreachable?: string;
      /** Errors no check owns (a suite's set-up, a crashed worker), one line each: the run is not a pass. */
      readonly errors?: readonly string[];
    };
