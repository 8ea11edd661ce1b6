import { describe, expect, it } from 'vitest';
import type { Operation } from '../../openapi/types.ts';
import { fieldUpdate } from './update-probe.ts';

/** An update operation's body taking one media type; only its body style matters here. */
const updateTaking = (mediaType: string): Pick<Operation, 'requestBody'> => ({ requestBody: { required: true, content: [{ mediaType, examples: [] }] } });

describe('fieldUpdate', () => {
  it.each([
    ['plain JSON', 'application/json', { visibility: { level: 'private' } }],
    ['a JSON merge patch (RFC 7396), the fields themselves', 'application/merge-patch+json', { visibility: { level: 'private' } }],
    ['a JSON Patch (RFC 6902)', 'application/json-patch+json', [{ op: 'replace', path: '/visibility/level', value: 'private' }]],
    ["Glance's JSON Patch", 'application/openstack-images-v2.1-json-patch', [{ op: 'replace', path: '/visibility/level', value: 'private' }]],
  ])('should set a field in %s', (_name, mediaType, body) => {
    // Act
    const change = fieldUpdate(updateTaking(mediaType), '/visibility/level', 'private');
    // Assert
    expect(change?.contentType).toBe(mediaType);
    expect(JSON.parse(change?.body ?? 'null')).toEqual(body);
  });

  it('should have no body for an update that takes no JSON', () => {
    expect(fieldUpdate(updateTaking('multipart/form-data'), '/public', true)).toBeUndefined();
  });
});
