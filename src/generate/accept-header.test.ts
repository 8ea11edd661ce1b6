import { describe, expect, it } from 'vitest';
import type { MediaTypeSpec, ResponseSpec } from '../openapi/types.ts';
import { documentedAccept } from './accept-header.ts';

const media = (mediaType: string): MediaTypeSpec => ({ mediaType, examples: [] });
const response = (status: string, ...types: string[]): ResponseSpec => ({ status, description: '', headers: [], content: types.map(media) });

describe('documentedAccept', () => {
  it('should list every documented response media type once, in document order, without parameters', () => {
    const responses = [response('200', 'application/json; charset=utf-8', 'application/xml'), response('404', 'application/problem+json'), response('default', 'application/json')];
    expect(documentedAccept({ responses })).toBe('application/json, application/xml, application/problem+json');
  });

  it('should ask for nothing when no response documents a body', () => {
    expect(documentedAccept({ responses: [response('204'), response('404')] })).toBeUndefined();
  });
});
