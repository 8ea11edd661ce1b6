import { describe, expect, it } from 'vitest';
import { exchangeFixture } from '../../test/fixtures/exchange.ts';
import { HarvestedValues } from './harvested-values.ts';

describe('HarvestedValues', () => {
  it('should keep the values of one object together and match parameter names loosely', () => {
    const harvested = new HarvestedValues();
    harvested.observe(exchangeFixture(200, { data: [{ imageName: 'base', imageTag: '1.0', id: 'a' }, { imageName: 'web', imageTag: '2' }] }));
    expect(harvested.candidates(['image_name', 'image_tag'])).toEqual([
      { image_name: 'base', image_tag: '1.0' },
      { image_name: 'web', image_tag: '2' },
    ]);
    expect(harvested.candidates(['image_id'])).toEqual([{ image_id: 'a' }]);
  });

  it('should keep each distinct object once, however its values are spelled', () => {
    const harvested = new HarvestedValues();
    // Same fields in another order and key spelling: the same object. Values that would run together
    // if joined naively (`1"b` + `c` vs `1` + `"bc`) stay apart.
    harvested.observe(exchangeFixture(200, [{ id: 'a', Name: 'x' }, { name: 'x', ID: 'a' }, { a: '1"b', b: 'c' }, { a: '1', b: '"bc' }, { a: 2 }, { a: '2' }]));
    harvested.observe(exchangeFixture(200, { id: 'a', name: 'x' }));
    expect(harvested.candidates(['id', 'name'])).toEqual([{ id: 'a', name: 'x' }]);
    expect(harvested.candidates(['a', 'b'])).toEqual([
      { a: '1"b', b: 'c' },
      { a: '1', b: '"bc' },
    ]);
    // A number and its text are the same value once harvested.
    expect(harvested.candidates(['a'])).toEqual([{ a: '1"b' }, { a: '1' }, { a: '2' }]);
  });

  it('should ignore error responses and non-JSON bodies', () => {
    const harvested = new HarvestedValues();
    harvested.observe(exchangeFixture(404, { id: 'x' }));
    harvested.observe(exchangeFixture(200, 'not json'));
    expect(harvested.candidates(['id'])).toEqual([]);
  });
});

describe('HarvestedValues with a body that is not UTF-8', () => {
  it('should still read the values next to the bad bytes, as a lenient decode does', () => {
    const harvested = new HarvestedValues();
    const body = Buffer.concat([Buffer.from('{"id":"a","name":"'), Buffer.from([0xff]), Buffer.from('"}')]);
    harvested.observe({ ...exchangeFixture(200, {}), response: { status: 200, headers: {}, body, truncated: false } });
    expect(harvested.candidates(['id'])).toEqual([{ id: 'a' }]);
  });
});
