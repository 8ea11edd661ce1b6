/**
 * The users of the gists reference server, by the token that authenticates them (`Authorization:
 * Bearer <token>` or `token <token>`, as GitHub takes both). Three, so visibility has an owner, a
 * stranger and a third party to compare.
 */
export interface GistsUser {
  readonly id: number;
  readonly login: string;
  readonly token: string;
}

export const GISTS_USERS: readonly [owner: GistsUser, other: GistsUser, third: GistsUser] = [
  { id: 1, login: 'octocat', token: 'ghp_conformOwner000000000000000000000' },
  { id: 2, login: 'hubot', token: 'ghp_conformOther000000000000000000000' },
  { id: 3, login: 'monalisa', token: 'ghp_conformThird000000000000000000000' },
];

/** The user a request's Authorization header names; null for none; undefined for a token nobody has. */
export function userOf(authorization: string | undefined): GistsUser | null | undefined {
  if (authorization === undefined || authorization.trim() === '') return null;
  const match = /^(?:bearer|token)\s+(\S+)$/i.exec(authorization.trim());
  if (!match) return undefined;
  return GISTS_USERS.find((user) => user.token === match[1]);
}

/** A user as GitHub's `simple-user` schema has it. */
export function simpleUser(user: GistsUser, origin: string): Record<string, unknown> {
  const api = `${origin}/users/${user.login}`;
  return {
    name: null,
    email: null,
    login: user.login,
    id: user.id,
    node_id: Buffer.from(`04:User${user.id}`).toString('base64'),
    avatar_url: `${origin}/avatars/u/${user.id}`,
    gravatar_id: '',
    url: api,
    html_url: `${origin}/${user.login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: 'User',
    site_admin: false,
  };
}
