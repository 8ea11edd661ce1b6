import type { ErrorCode } from '../errors.ts';

/** The project's fixed exit statuses (README, "Exit codes"). */
export const ExitCode = {
  ok: 0,
  findings: 1,
  usage: 2,
  unreachable: 3,
  /** The run concluded no check at all (every one skipped, or none selected): never a pass. */
  nothingChecked: 4,
  internal: 70,
  interrupted: 130,
} as const;

/** Every error code has an exit status; a new code without one does not compile. */
export const exitCodeFor: Record<ErrorCode, number> = {
  CONFORM_USAGE: ExitCode.usage,
  CONFORM_CONFIG_INVALID: ExitCode.usage,
  CONFORM_SPEC_UNREADABLE: ExitCode.usage,
  CONFORM_SPEC_INVALID: ExitCode.usage,
  CONFORM_SPEC_CONFLICT: ExitCode.usage,
  CONFORM_TARGET_UNREACHABLE: ExitCode.unreachable,
  CONFORM_TARGET_NOT_THE_API: ExitCode.unreachable,
  CONFORM_REQUEST_TIMEOUT: ExitCode.unreachable,
  CONFORM_RESPONSE_TOO_LARGE: ExitCode.unreachable,
  CONFORM_INTERRUPTED: ExitCode.interrupted,
  CONFORM_INTERNAL: ExitCode.internal,
};
