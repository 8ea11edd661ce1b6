/**
 * A credential value that never prints itself. Stage 0: any stage may import this file.
 *
 * Secrets travel from a principals file through generated cases to the transport; every place that
 * may log or serialize a case (NDJSON output, reports, vitest diffs, `console.log`) would otherwise leak
 * it, so the value is reachable only through an explicit {@link Secret.reveal} call.
 */

const REDACTED = '[REDACTED]';

/** A string credential that renders as `[REDACTED]` in JSON, string conversion and `util.inspect`. */
export class Secret {
  readonly #value: string;
  /**
   * Whether reports, logs and curl lines must hide the value wherever it appears. False for an
   * identity that is not a credential (a project id, a role list): a curl line that keeps it can be
   * replayed. The value object itself never prints either way.
   */
  readonly sensitive: boolean;

  constructor(value: string, options: { readonly sensitive?: boolean } = {}) {
    this.#value = value;
    this.sensitive = options.sensitive ?? true;
  }

  /** The real value, for the one place that must send it. */
  reveal(): string {
    return this.#value;
  }

  /** Always `[REDACTED]`, so `JSON.stringify` never leaks the value. */
  toJSON(): string {
    return REDACTED;
  }

  /** Always `[REDACTED]`, so template literals and string concatenation never leak the value. */
  toString(): string {
    return REDACTED;
  }

  /** Node's `util.inspect` (and so `console.log`) prints `[REDACTED]`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return REDACTED;
  }

  /** True for a {@link Secret}, also when the value came from another copy of this module. */
  static isSecret(value: unknown): value is Secret {
    return value instanceof Secret;
  }
}

/** The text every redacted value is replaced with. */
export const REDACTED_TEXT = REDACTED;
