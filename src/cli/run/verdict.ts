import { ExitCode } from '../exit-codes.ts';
import { coverageOf } from '../../report/summary-report.ts';
import { hasDeviations } from './apply-deviations.ts';
import type { ApiRunResult } from './execute-run.ts';

/** What one API's run concluded, in the words the console, the matrix and the exit code share. */
export interface Verdict {
  readonly label:
    | 'CONFORMANT'
    | 'CONFORMANT (with known deviations)'
    | 'CONFORMANT (incomplete)'
    | 'CONFORMANT (with known deviations, incomplete)'
    | 'NOT CONFORMANT'
    | 'INCOMPLETE'
    | 'ERROR'
    | 'NOTHING CHECKED';
  readonly exitCode: number;
}

/**
 * An error outranks everything (a check conform could not conclude may hide a defect), then
 * findings; a run in which no check concluded anything is never conformant, whatever it skipped.
 */
export function verdictOf(result: Pick<ApiRunResult, 'summary' | 'errors' | 'testsFailed' | 'requireSuites'>): Verdict {
  const { summary } = result;
  // result.errors are the run-level errors (summary.json's `errors` holds the same list).
  if (result.errors.length > 0 || summary.outcomes.error > 0) return { label: 'ERROR', exitCode: ExitCode.internal };
  const deviations = hasDeviations(summary);
  // With a deviations file the gate is summary.ok: suite tests fail on known findings too.
  if (!summary.ok || (!deviations && result.testsFailed > 0)) return { label: 'NOT CONFORMANT', exitCode: ExitCode.findings };
  if (summary.outcomes.passed + summary.outcomes.failed === 0) return { label: 'NOTHING CHECKED', exitCode: ExitCode.nothingChecked };
  // Never a plain CONFORMANT over semantic suites that did not run; the exit code stays 0 (nothing
  // failed), the label and the verdict block say what is missing.
  // The suites skipped for want of a principal, fixture or opt-in (summary.json's coverage).
  const incomplete = coverageOf(summary.checks).suitesSkipped.length > 0;
  // For a CI gate that must not pass on what it never ran.
  if (incomplete && result.requireSuites) return { label: 'INCOMPLETE', exitCode: ExitCode.findings };
  if (deviations) return { label: incomplete ? 'CONFORMANT (with known deviations, incomplete)' : 'CONFORMANT (with known deviations)', exitCode: ExitCode.ok };
  return { label: incomplete ? 'CONFORMANT (incomplete)' : 'CONFORMANT', exitCode: ExitCode.ok };
}

/** The exit status of several APIs' runs: the gravest of their verdicts (error, findings, nothing checked, ok). */
export function exitCodeOf(results: readonly Pick<ApiRunResult, 'summary' | 'errors' | 'testsFailed' | 'requireSuites'>[]): number {
  const codes = new Set(results.map((result) => verdictOf(result).exitCode));
  for (const code of [ExitCode.internal, ExitCode.findings, ExitCode.nothingChecked]) if (codes.has(code)) return code;
  return ExitCode.ok;
}
