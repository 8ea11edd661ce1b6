import { describe, expect, it } from 'vitest';
import { SUITE_OLD_SPACE_MB, suiteNodeOptions } from './suite-node-options.ts';

describe('suiteNodeOptions', () => {
  it('should set the old-space limit when the user has not', () => {
    expect(suiteNodeOptions({}, [])).toEqual([`--max-old-space-size=${SUITE_OLD_SPACE_MB}`]);
  });

  it("should keep the user's own limit, from NODE_OPTIONS or the command line", () => {
    expect(suiteNodeOptions({ NODE_OPTIONS: '--enable-source-maps --max-old-space-size=8192' }, [])).toEqual([]);
    expect(suiteNodeOptions({}, ['--max-old-space-size=512'])).toEqual([]);
  });
});
