import { describe, expect, it } from 'vitest';
import type { Parameter, ParameterStyle, ParameterLocation } from '../openapi/types.ts';
import { serializeParameters } from './serialize-parameters.ts';

function param(name: string, location: ParameterLocation, style: ParameterStyle, explode: boolean): Parameter {
  return { name, in: location, required: true, style, explode, allowReserved: false, allowEmptyValue: false, deprecated: false, schema: {}, examples: [] };
}

const list = ['blue', 'black', 'brown'];
const object = { R: 100, G: 200, B: 150 };

describe('serializeParameters', () => {
  // The examples of the OpenAPI 3.1 "Style Examples" table.
  it.each<[ParameterStyle, boolean, unknown, string]>([
    ['simple', false, 5, '/x/5'],
    ['simple', false, list, '/x/blue,black,brown'],
    ['simple', true, object, '/x/R=100,G=200,B=150'],
    ['simple', false, object, '/x/R,100,G,200,B,150'],
    ['label', false, list, '/x/.blue,black,brown'],
    ['label', true, list, '/x/.blue.black.brown'],
    ['label', true, object, '/x/.R=100.G=200.B=150'],
    ['matrix', false, 5, '/x/;color=5'],
    ['matrix', false, list, '/x/;color=blue,black,brown'],
    ['matrix', true, list, '/x/;color=blue;color=black;color=brown'],
    ['matrix', true, object, '/x/;R=100;G=200;B=150'],
  ])('should expand path style %s explode=%s for %j', (style, explode, value, expected) => {
    expect(serializeParameters('/x/{color}', [[param('color', 'path', style, explode), value]]).path).toBe(expected);
  });

  it.each<[ParameterStyle, boolean, unknown, [string, string][]]>([
    ['form', true, 'a b&c', [['color', 'a%20b%26c']]],
    ['form', true, list, [['color', 'blue'], ['color', 'black'], ['color', 'brown']]],
    ['form', false, list, [['color', 'blue,black,brown']]],
    ['form', true, object, [['R', '100'], ['G', '200'], ['B', '150']]],
    ['form', false, object, [['color', 'R,100,G,200,B,150']]],
    ['spaceDelimited', false, list, [['color', 'blue%20black%20brown']]],
    ['pipeDelimited', false, list, [['color', 'blue|black|brown']]],
    ['deepObject', true, object, [['color[R]', '100'], ['color[G]', '200'], ['color[B]', '150']]],
  ])('should lay out query style %s explode=%s for %j', (style, explode, value, expected) => {
    expect(serializeParameters('/', [[param('color', 'query', style, explode), value]]).query).toEqual(expected);
  });

  it('should put headers and cookies in their places and skip absent optional values', () => {
    // Act
    const out = serializeParameters('/', [
      [param('X-Ids', 'header', 'simple', false), [1, 2]],
      [param('session', 'cookie', 'form', true), 'abc'],
      [param('absent', 'query', 'form', true), undefined],
    ]);
    // Assert
    expect(out.headers).toEqual({ 'X-Ids': '1,2' });
    expect(out.cookies).toEqual({ session: 'abc' });
    expect(out.query).toEqual([]);
  });

  it('should percent-encode path values so a slash cannot change the route', () => {
    expect(serializeParameters('/images/{id}', [[param('id', 'path', 'simple', false), 'a/b c']]).path).toBe('/images/a%2Fb%20c');
  });
});
