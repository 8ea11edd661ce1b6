import type { CheckOutcome } from './check-outcomes.ts';
import { recordExchange } from './record-exchange.ts';
import type { SuiteRuntime } from './suite-runtime.ts';

const BODY_CHARS = 400;

/**
 * What a failing check's test prints: each distinct defect with the minimal request, the response,
 * a redacted curl command and the seed that replays it.
 */
export function failureMessage(outcome: CheckOutcome, runtime: Pick<SuiteRuntime, 'redactor' | 'curl'>, seed: number): string {
  const lines: string[] = [];
  for (const observed of outcome.findings) {
    const recorded = recordExchange(observed.exchange, runtime.redactor, BODY_CHARS);
    lines.push(`✗ ${observed.finding.message}${observed.occurrences > 1 ? ` (${observed.occurrences} times)` : ''}`);
    lines.push(`  clause: ${observed.finding.clause}`);
    if (recorded.response) {
      lines.push(`  response: ${recorded.response.status} ${JSON.stringify(recorded.response.headers['content-type'] ?? '')} ${recorded.response.body.slice(0, BODY_CHARS)}`);
    }
    lines.push(`  replay: ${runtime.curl(observed.exchange)}`);
  }
  lines.push(`seed: ${seed} (conform run --seed ${seed} replays this run)`);
  return lines.join('\n');
}
