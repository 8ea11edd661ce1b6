/**
 * Every error conform raises on purpose. Stage 0: any stage may import this file.
 *
 * Match on `code`, not `instanceof`: errors cross the vitest worker boundary serialized and only
 * `code` survives. The CLI maps each code to an exit status in `cli/exit-codes.ts`.
 */

/** The stable codes; `cli/exit-codes.ts` must give each one an exit status or it does not compile. */
export type ErrorCode =
  | 'CONFORM_USAGE'
  | 'CONFORM_CONFIG_INVALID'
  | 'CONFORM_SPEC_UNREADABLE'
  | 'CONFORM_SPEC_INVALID'
  | 'CONFORM_SPEC_CONFLICT'
  | 'CONFORM_TARGET_UNREACHABLE'
  | 'CONFORM_TARGET_NOT_THE_API'
  | 'CONFORM_REQUEST_TIMEOUT'
  | 'CONFORM_RESPONSE_TOO_LARGE'
  | 'CONFORM_INTERRUPTED'
  | 'CONFORM_INTERNAL';

/** Base class: a one-line `message`, a stable `code`, and optionally the cause it wraps. */
export class ConformError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConformError';
    this.code = code;
  }
}

/** The command line or an option value is wrong. */
export class UsageError extends ConformError {
  constructor(message: string) {
    super('CONFORM_USAGE', message);
    this.name = 'UsageError';
  }
}

/** A config or principals file is missing, unparsable or has a wrong value. */
export class ConfigInvalidError extends ConformError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFORM_CONFIG_INVALID', message, options);
    this.name = 'ConfigInvalidError';
  }
}

/** A spec source cannot be read at all: missing file, HTTP error, not YAML/JSON. */
export class SpecUnreadableError extends ConformError {
  readonly source: string;

  constructor(source: string, cause: string, options?: { cause?: unknown }) {
    super('CONFORM_SPEC_UNREADABLE', `${source}: ${cause}`, options);
    this.name = 'SpecUnreadableError';
    this.source = source;
  }
}

/** A spec was read but cannot be used: not OpenAPI, no usable operation, or a problem under `--strict`. */
export class SpecInvalidError extends ConformError {
  readonly source: string;
  readonly pointer: string;

  constructor(source: string, pointer: string, cause: string, options?: { cause?: unknown }) {
    super('CONFORM_SPEC_INVALID', `${source}${pointer ? ` at ${pointer}` : ''}: ${cause}`, options);
    this.name = 'SpecInvalidError';
    this.source = source;
    this.pointer = pointer;
  }
}

/** Two sources define different things under one name (a component, an operation). */
export class SpecConflictError extends ConformError {
  constructor(message: string) {
    super('CONFORM_SPEC_CONFLICT', message);
    this.name = 'SpecConflictError';
  }
}

/** The target refused, reset or never accepted the connection before any check ran. */
export class TargetUnreachableError extends ConformError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFORM_TARGET_UNREACHABLE', message, options);
    this.name = 'TargetUnreachableError';
  }
}

/** The target answers, but not as the document's API at that base URL (every documented list 404, a redirect, an HTML page). */
export class TargetNotTheApiError extends ConformError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFORM_TARGET_NOT_THE_API', message, options);
    this.name = 'TargetNotTheApiError';
  }
}

/** Headers or body did not arrive within the request timeout. */
export class RequestTimeoutError extends ConformError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFORM_REQUEST_TIMEOUT', message, options);
    this.name = 'RequestTimeoutError';
  }
}

/** A response body exceeded the configured cap. */
export class ResponseTooLargeError extends ConformError {
  constructor(message: string) {
    super('CONFORM_RESPONSE_TOO_LARGE', message);
    this.name = 'ResponseTooLargeError';
  }
}

/** SIGINT/SIGTERM arrived; cleanup ran before this was thrown. */
export class InterruptedError extends ConformError {
  constructor(message = 'interrupted') {
    super('CONFORM_INTERRUPTED', message);
    this.name = 'InterruptedError';
  }
}

/** True for any value carrying one of conform's error codes, also after structured cloning. */
export function isConformError(value: unknown): value is { code: ErrorCode; message: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    (value as { code: string }).code.startsWith('CONFORM_') &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/**
 * One line naming what went wrong, for an `error` outcome: the error's class and the first line of
 * its message (a stack would leak paths and drown the report).
 */
export function describeError(error: unknown): string {
  if (error instanceof Error || (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string')) {
    const { name, message } = error as { name?: unknown; message: string };
    const first = message.split('\n', 1)[0]?.trim() || '(no message)';
    return typeof name === 'string' && name !== '' && name !== 'Error' ? `${name}: ${first}` : first;
  }
  return String(error);
}

/** The name a {@link CheckError} keeps across the vitest worker boundary (its class does not). */
export const CHECK_ERROR_NAME = 'ConformCheckError';

/**
 * Thrown by a suite's test when conform could not conclude a check: reporters count it as an error
 * (Allure: broken), never as a pass or as a finding about the target.
 */
export class CheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = CHECK_ERROR_NAME;
  }
}
