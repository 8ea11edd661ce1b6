/** @internal Character units for strings, by where the string travels. */
import fc from 'fast-check';

/** Where a generated string travels, which decides the characters it may hold. */
export type Charset = 'json' | 'text' | 'header' | 'cookie';

const printableAscii = fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code));
const oneGrapheme = fc.string({ unit: 'grapheme-composite', minLength: 1, maxLength: 1 });
// Any code point but a lone surrogate: the same draws as fast-check's `unit: 'binary'` (a `nat` mapped
// over the two ranges), without its unmapper. `fc.string({ unit: 'binary' })` reverse-maps all 1.1M code
// points at construction to find its dangerous-string slices (~1 s per process, in every vitest
// worker); a one-unit string takes none of those slices (they are all longer), so an array of one unit
// draws exactly the values `fc.string` did for a seed.
const SURROGATES = 0xe000 - 0xd800;
const codePointUnit = fc.nat({ max: 0x10ffff - SURROGATES }).map((index) => String.fromCodePoint(index < 0xd800 ? index : index + SURROGATES));
const anyCodePoint = fc.array(codePointUnit, { minLength: 1, maxLength: 1 }).map((units) => units.join(''));
// RFC 6265 cookie-octet: visible ASCII minus DQUOTE, comma, semicolon and backslash.
const cookieOctet = printableAscii.filter((char) => char !== ' ' && char !== '"' && char !== ',' && char !== ';' && char !== '\\');

const units: Record<Charset, fc.Arbitrary<string>> = {
  // Mostly readable ASCII, some other printable code points and now and then any code point at all.
  json: fc.oneof({ weight: 8, arbitrary: printableAscii }, { weight: 2, arbitrary: oneGrapheme }, { weight: 1, arbitrary: anyCodePoint }),
  text: fc.oneof({ weight: 8, arbitrary: printableAscii }, { weight: 2, arbitrary: oneGrapheme }),
  header: printableAscii,
  cookie: cookieOctet,
};

/** One code point per unit, so fast-check's length bounds equal JSON Schema's code-point lengths. */
export function charUnit(charset: Charset): fc.Arbitrary<string> {
  return units[charset];
}

/** True when every character of `text` may travel in `charset` (patterns and formats produce their own). */
export function fitsCharset(text: string, charset: Charset): boolean {
  switch (charset) {
    case 'json':
      return true;
    case 'text':
      return !/[\u0000-\u001f\u007f]/u.test(text);
    case 'header':
      // leading and trailing blanks are stripped by HTTP, so the server would see another value
      return /^[\u0021-\u007e]([\u0020-\u007e]*[\u0021-\u007e])?$/u.test(text) || text === '';
    case 'cookie':
      return /^[\u0021\u0023-\u002b\u002d-\u003a\u003c-\u005b\u005d-\u007e]*$/u.test(text);
  }
}
