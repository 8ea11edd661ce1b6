import type { Exchange } from '../../transport/exchange.ts';
import type { ObservedDraft } from './semantic-session.ts';

/** Collects a lifecycle's broken expectations as findings, each with the exchange that broke it. */
export class Expectations {
  readonly findings: ObservedDraft[] = [];
  readonly #clause: string;

  constructor(clause: string) {
    this.#clause = clause;
  }

  /** Records a finding unless `holds`; returns `holds`. */
  that(holds: boolean, key: string, message: string, exchange: Exchange, evidence: Record<string, unknown> = {}): boolean {
    if (!holds) this.findings.push({ draft: { key, message, evidence }, clause: this.#clause, exchange });
    return holds;
  }

  /** The response status is one of `expected`. */
  status(exchange: Exchange, expected: readonly number[], key: string, what: string): boolean {
    const status = exchange.response?.status;
    return this.that(status !== undefined && expected.includes(status), key, `${what} answered ${status ?? exchange.failure?.message ?? 'nothing'}, expected ${expected.join(' or ')}`, exchange, { status, expected });
  }
}
