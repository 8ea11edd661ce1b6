import { REDACTED_TEXT } from './secret.ts';

/** Header names that carry credentials whatever a principals file says (compared lower-case). */
export const SENSITIVE_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-auth-token',
  'x-subject-token',
  'api-key',
]);

/** Shorter values would redact ordinary words; credentials are never this short. */
const MIN_SECRET_LENGTH = 4;

/**
 * Removes known secret values and credential headers from anything about to leave the process:
 * reports, logs, curl commands. Stage 0: every sink shares one instance built from the principals.
 */
export class Redactor {
  /**
   * Every secret and its URL-encoded form when that differs (secrets also travel URL-encoded in
   * queries), longest first, as one alternation: every header value and body of every exchange passes
   * through `text`, and one scan costs about a third of one `includes` per secret (measured with ten
   * secrets on a 1 KB body). Undefined when there is nothing to redact.
   */
  readonly #needles: RegExp | undefined;

  constructor(secrets: Iterable<string> = []) {
    // Longest first, so a secret containing another is replaced whole: at each position the
    // alternation takes the first alternative that matches.
    const sorted = [...new Set([...secrets].filter((value) => value.length >= MIN_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
    const forms = [...new Set(sorted.flatMap((secret) => [secret, encodeURIComponent(secret)]))].sort((a, b) => b.length - a.length);
    this.#needles = forms.length === 0 ? undefined : new RegExp(forms.map(escapeRegExp).join('|'), 'g');
  }

  /** The text with every known secret replaced by `[REDACTED]`. */
  text(value: string): string {
    const needles = this.#needles;
    if (!needles) return value;
    // `replace` with a global pattern starts from 0 and resets lastIndex itself.
    return value.replace(needles, REDACTED_TEXT);
  }

  /** Headers with credential headers and secret values redacted; names are kept as given. */
  headers<T extends string | readonly string[]>(headers: Readonly<Record<string, T>>): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (SENSITIVE_HEADERS.has(name.toLowerCase())) {
        out[name] = Array.isArray(value) ? value.map(() => REDACTED_TEXT) : REDACTED_TEXT;
      } else {
        out[name] = typeof value === 'string' ? this.text(value) : (value as readonly string[]).map((item) => this.text(item));
      }
    }
    return out;
  }

  /** A deep copy of a JSON-like value with every string redacted. */
  value(input: unknown): unknown {
    if (typeof input === 'string') return this.text(input);
    if (Array.isArray(input)) return input.map((item) => this.value(item));
    if (typeof input === 'object' && input !== null) {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(input)) out[key] = this.value(item);
      return out;
    }
    return input;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
