import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { essence, isJsonMediaType, mediaTypeMatches } from './media-type.ts';

/** The rules as first written, before media types were parsed once per text. */
const reference = {
  essence: (contentType: string): string => (contentType.split(';', 1)[0] ?? '').trim().toLowerCase(),
  matches(documented: string, received: string): boolean {
    const [docType = '', docSub = ''] = reference.essence(documented).split('/');
    const [type = '', sub = ''] = reference.essence(received).split('/');
    return (docType === '*' || docType === type) && (docSub === '*' || docSub === sub);
  },
  isJson(mediaType: string): boolean {
    const value = reference.essence(mediaType);
    return value === 'application/json' || value.endsWith('+json') || /^application\/[\w.-]*json[\w.-]*$/.test(value);
  },
};

const mediaText = fc
  .array(fc.constantFrom('application', 'text', 'json', 'JSON', '+json', 'plain', '*', '/', ';', ' ', 'charset=utf-8', 'x-', '.', 'A'), { maxLength: 8 })
  .map((parts) => parts.join(''));

describe('media types', () => {
  it('should read essences, wildcards and JSON types exactly as splitting the text does', () => {
    fc.assert(
      fc.property(mediaText, mediaText, (documented, received) => {
        expect(essence(received)).toBe(reference.essence(received));
        expect(isJsonMediaType(documented)).toBe(reference.isJson(documented));
        expect(mediaTypeMatches(documented, received)).toBe(reference.matches(documented, received));
      }),
      { numRuns: 2000 },
    );
  });

  it('should match documented wildcards and ignore parameters and case', () => {
    expect(mediaTypeMatches('application/*', 'Application/JSON; charset=utf-8')).toBe(true);
    expect(mediaTypeMatches('*/*', 'text/plain')).toBe(true);
    expect(mediaTypeMatches('application/json', 'text/json')).toBe(false);
    expect(isJsonMediaType('application/openstack-images-v2.1-json-patch')).toBe(true);
  });
});
