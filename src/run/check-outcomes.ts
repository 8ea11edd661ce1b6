import { describeError } from '../errors.ts';
import type { CheckContext, CheckDefinition } from '../checks/define-check.ts';
import type { Finding, FindingDraft } from '../checks/finding.ts';
import type { Case } from '../generate/case.ts';
import type { Operation } from '../openapi/types.ts';
import type { Exchange } from '../transport/exchange.ts';
import type { Verdict } from './events.ts';

/** The first exchange that showed a defect, and how many did. */
export interface ObservedFinding {
  readonly finding: Finding;
  readonly exchange: Exchange;
  readonly testCase: Case;
  /** The phase whose arbitrary produced the case; shrinking replays that phase. */
  readonly phase: string;
  occurrences: number;
}

/** What one check concluded on one operation. */
export interface CheckOutcome extends Verdict {
  readonly checkId: string;
  readonly findings: readonly ObservedFinding[];
}

/** Accumulates, per check, the exchanges it applied to and its distinct findings (by key). */
export class CheckOutcomes {
  readonly #operation: Operation;
  readonly #checks: readonly CheckDefinition[];
  /** Exchanges each check applied to, by its index in `#checks`. */
  readonly #applied: number[];
  readonly #findings = new Map<string, Map<string, ObservedFinding>>();
  readonly #skipReasons = new Map<string, string>();
  /** Why a check could not conclude (it threw, or its exploration did): the first cause per check. */
  readonly #errors = new Map<string, string>();
  /** The indexes of the checks an `only` list names (callers pass the same few lists for every probe). */
  readonly #selections = new Map<readonly string[], readonly number[]>();
  readonly #everyCheck: readonly number[];

  constructor(operation: Operation, checks: readonly CheckDefinition[]) {
    this.#operation = operation;
    this.#checks = checks;
    this.#applied = checks.map(() => 0);
    this.#everyCheck = checks.map((_, index) => index);
  }

  #selection(only: readonly string[] | undefined): readonly number[] {
    if (!only) return this.#everyCheck;
    let selected = this.#selections.get(only);
    if (!selected) {
      selected = this.#everyCheck.filter((index) => only.includes((this.#checks[index] as CheckDefinition).id));
      this.#selections.set(only, selected);
    }
    return selected;
  }

  /** Runs `only` (or every check) on one exchange; returns the drafts, for callers that shrink. */
  observe(exchange: Exchange, context: CheckContext, testCase: Case, phase: string, only?: readonly string[]): FindingDraft[] {
    const all: FindingDraft[] = [];
    for (const index of this.#selection(only)) {
      const check = this.#checks[index] as CheckDefinition;
      let drafts: readonly FindingDraft[];
      try {
        if (!check.appliesTo(exchange, context)) continue;
        this.#applied[index] = (this.#applied[index] ?? 0) + 1;
        drafts = check.run(exchange, context);
      } catch (error: unknown) {
        // One check that cannot judge this exchange must not silence the others, nor pass.
        this.recordError(`${check.id} threw on a ${exchange.response?.status ?? 'failed'} answer: ${describeError(error)}`, [check.id]);
        continue;
      }
      if (drafts.length > 0) this.#record(check, drafts, exchange, testCase, phase, all);
    }
    return all;
  }

  /** Marks checks (every one when `checkIds` is absent) as unable to conclude; the first cause stays. */
  recordError(cause: string, checkIds?: readonly string[]): void {
    for (const check of this.#checks) {
      if (checkIds && !checkIds.includes(check.id)) continue;
      if (!this.#errors.has(check.id)) this.#errors.set(check.id, cause);
    }
  }

  #record(check: CheckDefinition, drafts: readonly FindingDraft[], exchange: Exchange, testCase: Case, phase: string, all: FindingDraft[]): void {
    let byKey = this.#findings.get(check.id);
    if (!byKey) {
      byKey = new Map<string, ObservedFinding>();
      this.#findings.set(check.id, byKey);
    }
    for (const draft of drafts) {
      all.push(draft);
      const known = byKey.get(draft.key);
      if (known) {
        known.occurrences += 1;
        continue;
      }
      byKey.set(draft.key, {
        finding: {
          ...draft,
          checkId: check.id,
          title: check.title,
          clause: check.clause,
          severity: check.severity,
          operationId: this.#operation.id,
          operationLabel: this.#operation.label,
        },
        exchange,
        testCase,
        phase,
        occurrences: 1,
      });
    }
  }

  /** Why a check had nothing to look at, when the reason is known better than "not applicable". */
  explainSkip(checkId: string, reason: string): void {
    if (!this.#skipReasons.has(checkId)) this.#skipReasons.set(checkId, reason);
  }

  /** Replaces the first recorded exchange of a defect with the minimal one shrinking found, message included. */
  replaceWithMinimal(checkId: string, key: string, exchange: Exchange, testCase: Case, draft: FindingDraft): void {
    const known = this.#findings.get(checkId)?.get(key);
    if (!known) return;
    const finding = { ...known.finding, message: draft.message, evidence: draft.evidence };
    this.#findings.get(checkId)?.set(key, { ...known, finding, exchange, testCase });
  }

  findingsOf(checkId: string): ObservedFinding[] {
    return [...(this.#findings.get(checkId)?.values() ?? [])];
  }

  outcomes(): CheckOutcome[] {
    return this.#checks.map((check, index) => {
      const findings = this.findingsOf(check.id);
      const requests = this.#applied[index] ?? 0;
      const error = this.#errors.get(check.id);
      // Findings seen before the error stay: the evidence is kept, the verdict is not a pass.
      if (error !== undefined) return { checkId: check.id, status: 'error', requests, reason: error, findings };
      if (findings.length > 0) {
        return { checkId: check.id, status: 'failed', requests, reason: findings[0]?.finding.message ?? 'failed', findings };
      }
      if (requests === 0) {
        return { checkId: check.id, status: 'skipped', requests, reason: this.#skipReasons.get(check.id) ?? 'not applicable to this operation', findings };
      }
      return { checkId: check.id, status: 'passed', requests, findings };
    });
  }
}
