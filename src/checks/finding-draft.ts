/** How much a defect matters to a user of the API. */
export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** What a check reports about one exchange: a one-line message and structured evidence. */
export interface FindingDraft {
  /** One line a person reads, e.g. `GET /images returned 503; the document allows 200, 400, 401, 403`. */
  readonly message: string;
  /** Structured evidence: status, schema pointer, header name... (no secrets: reports redact at the sink too). */
  readonly evidence: Readonly<Record<string, unknown>>;
  /**
   * What makes two findings the same defect (beside check and operation), e.g. the status code or
   * the schema pointer; repeats across generated cases collapse onto one key.
   */
  readonly key: string;
}
