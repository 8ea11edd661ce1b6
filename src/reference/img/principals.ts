/**
 * The fixed IMG accounts and their API keys. A key belongs to one account and one stage; the docs say a
 * key only sees the images created in its own stage (test/live) of its own account.
 */

/** A stage of an account: live keys are billed and get 100 req/min, test keys 10 req/min. */
export type ImgStage = 'live' | 'test';

/** Who a request acts as, resolved from its `x-api-key`. */
export interface ImgPrincipal {
  readonly account: string;
  readonly stage: ImgStage;
  readonly key: string;
}

/** Every key the reference server accepts. */
export const IMG_KEYS: readonly ImgPrincipal[] = [
  { account: 'owner', stage: 'live', key: 'img_live_owner_key' },
  { account: 'owner', stage: 'test', key: 'img_test_owner_key' },
  { account: 'other', stage: 'live', key: 'img_live_other_key' },
];

/** The request headers a principal sends (the shape principals files use). */
export interface ImgPrincipalHeaders {
  readonly headers: Readonly<Record<string, string>>;
}

/** Default principals for `conform run` against the IMG reference server. */
export const imgDefaultPrincipals: Readonly<Record<'owner' | 'ownerTest' | 'other', ImgPrincipalHeaders>> = {
  owner: { headers: { 'x-api-key': 'img_live_owner_key' } },
  ownerTest: { headers: { 'x-api-key': 'img_test_owner_key' } },
  other: { headers: { 'x-api-key': 'img_live_other_key' } },
};

/** The principal of a key, or undefined for a missing or unknown key. */
export function principalForKey(key: string | undefined): ImgPrincipal | undefined {
  if (key === undefined) return undefined;
  return IMG_KEYS.find((principal) => principal.key === key);
}
