import { describe, expect, it } from 'vitest';
import { benchScriptArgs } from './bench-target.ts';

describe('benchScriptArgs', () => {
  it('reads the API and the numbers given, and takes the defaults for the rest', () => {
    expect(benchScriptArgs([10, 4], ['img', '2'])).toEqual({ api: 'img', numbers: [2, 4] });
    expect(benchScriptArgs([100, 1, 1], [])).toEqual({ api: 'glance', numbers: [100, 1, 1] });
  });
});
