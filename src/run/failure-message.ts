import type { Finding } from '../checks/finding.ts';
import type { Exchange } from '../transport/exchange.ts';
import { recordExchange } from './record-exchange.ts';
import type { SuiteRuntime } from './suite-runtime.ts';

const BODY_CHARS = 400;

/** One defect a failing verdict shows: the finding, the exchange that shows it, and how it was reached. */
export interface FailureEvidence {
  readonly finding: Pick<Finding, 'message' | 'clause'>;
  readonly exchange: Exchange;
  readonly occurrences?: number;
  /** A model-based suite's shrunk sequence, one readable line per step. */
  readonly sequence?: readonly string[];
  /** fast-check's form of that sequence. */
  readonly commands?: string;
}

/**
 * What a failing test prints, for a check, a semantic property or a visibility suite alike: each
 * distinct defect with its clause, the sequence that led to it (when a model found it), the response,
 * a redacted curl command, then how to replay the run.
 */
export function failureMessage(evidence: readonly FailureEvidence[], runtime: Pick<SuiteRuntime, 'redactor' | 'curl'>, replay: string): string {
  const lines: string[] = [];
  for (const observed of evidence) {
    const recorded = recordExchange(observed.exchange, runtime.redactor, BODY_CHARS);
    lines.push(`✗ ${observed.finding.message}${(observed.occurrences ?? 1) > 1 ? ` (${observed.occurrences} times)` : ''}`);
    lines.push(`  clause: ${observed.finding.clause}`);
    if (observed.sequence) {
      lines.push('  minimal sequence (shrunk by fast-check):');
      for (const line of observed.sequence) lines.push(`    ${line}`);
    }
    if (observed.commands) lines.push(`  commands: ${observed.commands}`);
    if (recorded.response) {
      const type = recorded.response.headers['content-type'];
      lines.push(`  response: ${recorded.response.status}${type === undefined ? '' : ` ${JSON.stringify(type)}`} ${recorded.response.body.slice(0, BODY_CHARS)}`);
    }
    lines.push(`  replay: ${runtime.curl(observed.exchange)}`);
  }
  lines.push(replay);
  return lines.join('\n');
}

/** The replay line of a run: its seed and the command that replays it. */
export function replayLine(seed: number): string {
  return `seed: ${seed} (conform run --seed ${seed} replays this run)`;
}
