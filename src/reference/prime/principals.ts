/**
 * The fixed users, tokens and teams of the Prime reference server. Tokens map 1:1 to users; only
 * `owner` and `teammate` belong to `team-1`, so `other` is the outsider every isolation check needs.
 */

/** A user of the Prime reference server. */
export interface PrimeUser {
  /** Stable id, as it appears in `displayRef` (`{userId}/name:tag`) and the GET `ownerId` query. */
  readonly id: string;
  /** The principal name conform's principals file uses for this user. */
  readonly principal: string;
  readonly token: string;
  readonly teamIds: readonly string[];
}

/** Credentials conform sends for one principal. */
export interface PrimePrincipalCredentials {
  readonly headers: Readonly<Record<string, string>>;
}

/** Every user, keyed by principal name. */
export const primeUsers = {
  owner: { id: 'user-owner', principal: 'owner', token: 'prime-owner-token', teamIds: ['team-1'] },
  teammate: { id: 'user-teammate', principal: 'teammate', token: 'prime-teammate-token', teamIds: ['team-1'] },
  other: { id: 'user-other', principal: 'other', token: 'prime-other-token', teamIds: [] },
} as const satisfies Readonly<Record<string, PrimeUser>>;

/** The name of one of the fixed principals. */
export type PrimePrincipalName = keyof typeof primeUsers;

/** A team: an image context every member may read and change. */
export interface PrimeTeam {
  readonly id: string;
  readonly memberIds: readonly string[];
}

/** Every team, keyed by id; members are the users listing the team in `teamIds`. */
export const primeTeams: ReadonlyMap<string, PrimeTeam> = new Map(
  ['team-1'].map((id): [string, PrimeTeam] => [
    id,
    { id, memberIds: Object.values(primeUsers).filter((user: PrimeUser) => user.teamIds.includes(id)).map((user) => user.id) },
  ]),
);

/** The `--principals` default for `conform run` against the Prime reference server. */
export const primeDefaultPrincipals: Readonly<Record<PrimePrincipalName, PrimePrincipalCredentials>> = {
  owner: { headers: { Authorization: `Bearer ${primeUsers.owner.token}` } },
  teammate: { headers: { Authorization: `Bearer ${primeUsers.teammate.token}` } },
  other: { headers: { Authorization: `Bearer ${primeUsers.other.token}` } },
};

const usersByToken: ReadonlyMap<string, PrimeUser> = new Map(
  Object.values(primeUsers).map((user): [string, PrimeUser] => [user.token, user]),
);
const usersById: ReadonlyMap<string, PrimeUser> = new Map(
  Object.values(primeUsers).map((user): [string, PrimeUser] => [user.id, user]),
);

/** The user a bearer token belongs to, if any. */
export function userByToken(token: string): PrimeUser | undefined {
  return usersByToken.get(token);
}

/** The user with this id, if any. */
export function userById(id: string): PrimeUser | undefined {
  return usersById.get(id);
}

/** True when the team exists and the user is one of its members. */
export function isTeamMember(user: PrimeUser, teamId: string): boolean {
  return primeTeams.get(teamId)?.memberIds.includes(user.id) ?? false;
}
