import type { Exchange } from '../../transport/exchange.ts';
import type { VisibilitySuiteId } from '../../checks/suite-catalogue.ts';

/**
 * One step whose answer differs from the model: which suite it belongs to, the rule it breaks, and
 * the exchange that shows it. `key` groups repeats of the same defect.
 */
export interface VisibilityMismatch {
  readonly suiteId: VisibilitySuiteId;
  /** The documented rule, e.g. 'Glance v2 visibility: another tenant gets 404 for a private image'. */
  readonly clause: string;
  readonly key: string;
  /** What the model expected, e.g. `404`, `visibility "public"`. */
  readonly expected: string;
  /** What the target answered. */
  readonly got: string;
  readonly exchange: Exchange;
}

/** Thrown by a command when a mismatch of the suite under test shows; carries the sequence that led to it. */
export class VisibilityViolation extends Error {
  readonly mismatch: VisibilityMismatch;
  /** The steps of the sequence, as a person reads them, up to and including the failing one. */
  readonly trace: readonly string[];

  constructor(mismatch: VisibilityMismatch, trace: readonly string[]) {
    super(`${mismatch.clause}: expected ${mismatch.expected}, got ${mismatch.got}`);
    this.name = 'VisibilityViolation';
    this.mismatch = mismatch;
    this.trace = trace;
  }
}
