import type { FindingDraft, Severity } from './finding-draft.ts';

export type { FindingDraft, Severity };

/** A defect found by a check, with the catalogue's metadata filled in. */
export interface Finding extends FindingDraft {
  /**
   * The rule's id: a catalogued check or suite (`RuleId`, rules.ts) when conform made it; a string,
   * because the engine also runs checks defined outside the catalogue (a user's own, a test's).
   */
  readonly checkId: string;
  readonly title: string;
  readonly clause: string;
  readonly severity: Severity;
  readonly operationId: string;
  readonly operationLabel: string;
}
