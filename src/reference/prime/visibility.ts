import { PRIME_FAULT } from './faults.ts';
import type { PrimeFaults } from './faults.ts';
import type { ImageContext, ImageRow } from './image-store.ts';
import { isTeamMember, primeTeams } from './principals.ts';
import type { PrimeTeam, PrimeUser } from './principals.ts';

/** The caller's personal context. */
export function personalContext(user: PrimeUser): ImageContext {
  return { kind: 'personal', userId: user.id };
}

/** True when the user owns the context: it is theirs, or a team they belong to. */
export function ownsContext(user: PrimeUser, context: ImageContext): boolean {
  return context.kind === 'personal' ? context.userId === user.id : isTeamMember(user, context.teamId);
}

/** True when a row may be shown outside its own context (only PUBLIC rows may). */
export function visibleToEveryone(row: ImageRow, faults: PrimeFaults): boolean {
  return row.visibility === 'PUBLIC' || faults.has(PRIME_FAULT.privateVisibleToOthers);
}

/** True when the user may read the row: their own context, or a row visible to everyone. */
export function canSee(user: PrimeUser, row: ImageRow, faults: PrimeFaults): boolean {
  return ownsContext(user, row.context) || visibleToEveryone(row, faults);
}

/** A team context as the caller selected it with `teamId`. */
export interface TeamSelection {
  readonly context: ImageContext;
  /** Whether the caller may act in it (PATCH, list); non-members only read its PUBLIC rows. */
  readonly member: boolean;
}

/** Resolves `teamId`; undefined when no such team exists. */
export function selectTeam(user: PrimeUser, teamId: string, faults: PrimeFaults): TeamSelection | undefined {
  const team = primeTeams.get(teamId);
  // The fault's defect is reading membership before checking the team exists.
  if (!team && !faults.has(PRIME_FAULT.unknownTeamCrash)) return undefined;
  const member = (team as PrimeTeam).memberIds.includes(user.id) || faults.has(PRIME_FAULT.teamMembershipIgnored);
  return { context: { kind: 'team', teamId }, member };
}
