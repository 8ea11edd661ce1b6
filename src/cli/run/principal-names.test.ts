import { describe, expect, it } from 'vitest';
import { parsePrincipals } from '../../principals.ts';
import { principalNameProblems } from './principal-names.ts';

const headers = { headers: { 'X-Project-Id': 'p' } };

describe('principalNameProblems', () => {
  it('should name a typo with the name it probably meant, and the suites a missing name skips', () => {
    const given = parsePrincipals({ ownr: headers, other: headers, admin: headers }, 'test');
    expect(principalNameProblems('glance', given, ['owner', 'other', 'admin'])).toEqual([
      "'ownr' is not a principal the glance suites use; did you mean 'owner'?",
      "no principal 'owner': the glance suites that need it will be skipped",
    ]);
  });

  it('should list the names the suites use for a name that resembles none, and say nothing when the names match', () => {
    expect(principalNameProblems('prime', parsePrincipals({ owner: headers, teammate: headers, other: headers, robot: headers }, 'test'), ['owner', 'teammate', 'other'])).toEqual([
      "'robot' is not a principal the prime suites use (they use 'owner', 'teammate', 'other')",
    ]);
    expect(principalNameProblems('img', parsePrincipals({ owner: headers, other: headers }, 'test'), ['owner', 'other'])).toEqual([]);
  });
});
