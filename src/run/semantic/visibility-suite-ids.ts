import type { Severity } from '../../checks/finding.ts';
import type { Exchange } from '../../transport/exchange.ts';

/** The two visibility suites: who may see or change what, and whether a change took effect. */
export type VisibilitySuiteId = 'visibility_isolation' | 'visibility_applied';

/** Report metadata of each visibility suite, in report order. */
export const VISIBILITY_SUITES: Readonly<Record<VisibilitySuiteId, { readonly title: string; readonly severity: Severity }>> = {
  visibility_isolation: { title: 'A principal sees or changes only what it may', severity: 'critical' },
  visibility_applied: { title: 'A visibility change takes effect and keeps the item', severity: 'high' },
};

/** Every visibility suite id, in report order. */
export const VISIBILITY_SUITE_IDS: readonly VisibilitySuiteId[] = ['visibility_isolation', 'visibility_applied'];

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
