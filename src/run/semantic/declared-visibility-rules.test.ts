import { describe, expect, it } from 'vitest';
import type { VisibilityList } from '../../openapi/declaration/declaration.ts';
import { listHolds, listJudgedFor, mayMove, mayRead, moveRefusals, refusalsFor, settersOf, stateOfValue, type RuleTable } from './declared-visibility-rules.ts';

// GitHub's gists as specs/github-gists.conform.yaml declares them: secret gists are read by anyone with the id, listed to their owner only.
const gists: RuleTable = {
  states: ['public', 'secret'],
  visibility: {
    field: '/public',
    values: { public: true, secret: false },
    default: 'secret',
    rules: { public: { read: 'anyone', listed: 'anyone', change: 'owner', refusal: 404 }, secret: { read: 'anyone', listed: 'owner', change: 'owner', refusal: 404 } },
  },
};
const privateNotes: RuleTable = { ...gists, visibility: { ...gists.visibility, rules: { ...gists.visibility.rules, secret: { read: 'owner', listed: 'owner', change: 'owner', refusal: 403 } } } };
const secret = { owner: 'owner', state: 'secret' };
const open = { owner: 'owner', state: 'public' };

describe('the rule table', () => {
  it('should let whom the rule names read by id, and refuse the rest with the declared status (401/403 too without credentials)', () => {
    expect([mayRead(gists, secret, 'other'), mayRead(privateNotes, secret, 'other'), mayRead(privateNotes, secret, 'owner')]).toEqual([true, false, true]);
    expect(refusalsFor(privateNotes, secret, 'other')).toEqual([403]);
    expect(refusalsFor(gists, secret, null)).toEqual([404, 401, 403]);
  });

  it.each<[string, VisibilityList, string | null, string | undefined, [boolean, boolean]]>([
    ["the caller's own list, as the owner", { shows: 'caller' }, 'owner', undefined, [true, true]],
    ["the caller's own list, as another", { shows: 'caller' }, 'other', undefined, [false, false]],
    ['a public list, as the owner', { shows: 'everyone', states: ['public'] }, 'owner', undefined, [false, true]],
    ['a public list, anonymous', { shows: 'everyone', states: ['public'] }, null, undefined, [false, true]],
    ["the owner's user list, as another", { shows: 'owner', params: { username: '/owner/login' } }, 'other', 'owner', [false, true]],
    ["the owner's user list, as the owner", { shows: 'owner', params: { username: '/owner/login' } }, 'owner', 'owner', [true, true]],
    ["another user's list, as the owner", { shows: 'owner', params: { username: '/owner/login' } }, 'owner', 'other', [false, false]],
  ])('should hold in %s [secret, public] as declared', (_name, list, caller, bound, expected) => {
    expect([listHolds(gists, list, secret, caller, bound), listHolds(gists, list, open, caller, bound)]).toEqual(expected);
  });

  it("should not judge a list of the caller's own without a caller, and name a state by its field value", () => {
    expect([listJudgedFor({ shows: 'caller' }, null), listJudgedFor({ shows: 'everyone' }, null)]).toEqual([false, true]);
    expect([stateOfValue(gists, true), stateOfValue(gists, false), stateOfValue(gists, 'true')]).toEqual(['public', 'secret', undefined]);
  });

  // Glance's images as specs/glance-v2.conform.yaml declares them: only the admin makes an image public.
  const images = {
    states: ['shared', 'private', 'public'],
    visibility: {
      field: '/visibility',
      values: { shared: 'shared', private: 'private', public: 'public' },
      default: 'shared',
      updatable: true,
      rules: {
        shared: { read: 'owner', listed: 'owner', change: 'owner', refusal: 404 },
        private: { read: 'owner', listed: 'owner', change: 'owner', refusal: 404 },
        public: { read: 'anyone', listed: 'anyone', change: 'owner', refusal: 403, setBy: 'admin' },
      },
    },
  } satisfies RuleTable;
  const ownersShared = { owner: 'owner', state: 'shared' };

  it('should let only the setter move an item into its state, the owner refused with setRefusal (403 by default), others by the item\'s own rule', () => {
    expect(settersOf(images)).toEqual(['admin']);
    expect([mayMove(images, ownersShared, 'admin', 'public'), mayMove(images, ownersShared, 'owner', 'public'), mayMove(images, ownersShared, 'other', 'public')]).toEqual([true, false, false]);
    expect([moveRefusals(images, ownersShared, 'owner', 'public'), moveRefusals(images, ownersShared, 'other', 'public')]).toEqual([[403], [404]]);
    const teapot: RuleTable = { ...images, visibility: { ...images.visibility, rules: { ...images.visibility.rules, public: { ...images.visibility.rules.public, setRefusal: 422 } } } };
    expect(moveRefusals(teapot, ownersShared, 'owner', 'public')).toEqual([422]);
  });

  it('should let the owner move its item between the states it sets, and not judge the setter out of them', () => {
    expect([mayMove(images, ownersShared, 'owner', 'private'), mayMove(images, ownersShared, 'other', 'private'), mayMove(images, ownersShared, null, 'private')]).toEqual([true, false, false]);
    expect(mayMove(images, { owner: 'owner', state: 'public' }, 'admin', 'private')).toBeUndefined();
    expect(mayMove(images, { owner: 'owner', state: 'public' }, 'owner', 'private')).toBe(true);
  });
});
