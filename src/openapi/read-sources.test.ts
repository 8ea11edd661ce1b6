import { describe, expect, it } from 'vitest';
import type { SourceText } from './read-source.ts';
import { readSources, sourcesFingerprint } from './read-sources.ts';

const TEXT: SourceText = { source: 'a.yaml', text: 'openapi: 3.0.3\n', location: '/x/a.yaml' };

describe('readSources', () => {
  it('should read every source in the order given', async () => {
    // Act
    const texts = await readSources(['test/fixtures/specs/pets-3.0.yaml', 'test/fixtures/specs/store-2.0.json']);
    // Assert
    expect(texts.map((text) => text.source)).toEqual(['test/fixtures/specs/pets-3.0.yaml', 'test/fixtures/specs/store-2.0.json']);
    expect(texts[1]?.text).toContain('"swagger"');
  });

  it('should throw the first unreadable source as readSource does', async () => {
    // Act
    const attempt = readSources(['test/fixtures/specs/pets-3.0.yaml', 'test/fixtures/specs/absent.yaml']);
    // Assert
    await expect(attempt).rejects.toMatchObject({ code: 'CONFORM_SPEC_UNREADABLE', message: expect.stringContaining('absent.yaml') });
  });
});

describe('sourcesFingerprint', () => {
  it('should give equal texts equal fingerprints', () => {
    // Act
    const first = sourcesFingerprint([TEXT]);
    const second = sourcesFingerprint([{ ...TEXT }]);
    // Assert
    expect(first).toBe(second);
  });

  it.each([
    ['text', { ...TEXT, text: 'openapi: 3.0.2\n' }],
    ['source name', { ...TEXT, source: 'b.yaml' }],
    ['location', { ...TEXT, location: '/y/a.yaml' }],
    ['content type', { ...TEXT, contentType: 'text/markdown' }],
  ])('should change with the %s', (_what, changed) => {
    // Act
    const fingerprint = sourcesFingerprint([changed]);
    // Assert
    expect(fingerprint).not.toBe(sourcesFingerprint([TEXT]));
  });

  it('should tell where one text ends and the next begins', () => {
    // Act
    const joined = sourcesFingerprint([{ ...TEXT, text: 'ab' }, { ...TEXT, text: 'c' }]);
    const split = sourcesFingerprint([{ ...TEXT, text: 'a' }, { ...TEXT, text: 'bc' }]);
    // Assert
    expect(joined).not.toBe(split);
  });
});
