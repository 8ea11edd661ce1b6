/**
 * @internal Whether a parameter value survives serialization: after the server splits and decodes it,
 * does it see the value we generated? A string holding the list delimiter, a header with a control
 * character or a `.` path segment would arrive as something else, and the case would lie.
 */
import type { Parameter } from '../../openapi/types.ts';
import { fitsCharset } from './chars.ts';
import { isJsonObject } from './json.ts';

/** True when `value` of `parameter` reaches the server as generated. */
export function isFaithful(parameter: Parameter, value: unknown): boolean {
  if (value === undefined) return true;
  // Most values are one scalar: checked without collecting pieces (every generated case passes here).
  if (typeof value === 'string') return pieceIsFaithful(parameter, value) && !(parameter.in === 'path' && value === '');
  if (typeof value !== 'object' || value === null) return true;
  const pieces: string[] = [];
  const collect = (item: unknown): void => {
    if (typeof item === 'string') pieces.push(item);
    else if (Array.isArray(item)) item.forEach(collect);
    else if (isJsonObject(item)) for (const [k, v] of Object.entries(item)) (pieces.push(k), collect(v));
  };
  collect(value);
  const structured = Array.isArray(value) || isJsonObject(value);
  const delimiters = structured ? delimitersOf(parameter) : [];
  for (const piece of pieces) {
    if (delimiters.some((d) => piece.includes(d)) || !pieceIsFaithful(parameter, piece)) return false;
  }
  if (structured && parameter.in === 'path' && pieces.some((p) => p === '')) return false;
  if (Array.isArray(value) && value.length === 0) return false;
  if (isJsonObject(value) && Object.keys(value).length === 0 && parameter.explode) return false;
  return true;
}

/** What every string piece of a value must pass where the parameter travels, delimiters aside. */
function pieceIsFaithful(parameter: Parameter, piece: string): boolean {
  if (parameter.in === 'header') return fitsCharset(piece, 'header');
  if (parameter.in === 'cookie') return fitsCharset(piece, 'cookie');
  if (parameter.in === 'path') return piece !== '.' && piece !== '..';
  return true;
}

function delimitersOf(parameter: Parameter): string[] {
  switch (parameter.style) {
    case 'spaceDelimited':
      return [' '];
    case 'pipeDelimited':
      return ['|'];
    case 'deepObject':
      return ['[', ']'];
    case 'label':
      return ['.', ',', '='];
    case 'matrix':
      return [';', ',', '='];
    default:
      return [',', '='];
  }
}
