import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPrebuiltValidator, prebuiltValidatorPath } from './prebuilt-validators.ts';

describe('loadPrebuiltValidator', () => {
  it('should load the shipped validator of a version', () => {
    // Act
    const loaded = loadPrebuiltValidator('3.0');
    // Assert
    expect(loaded?.({ openapi: '3.0.3', info: { title: 't', version: '1' }, paths: {} })).toBe(true);
    expect(loaded?.({ openapi: '3.0.3', paths: {} })).toBe(false);
  });

  it('should not load a prebuilt validator generated from anything else', () => {
    // Arrange
    const dir = mkdtempSync(join(tmpdir(), 'conform-meta-schema-'));
    const path = join(dir, 'openapi-3.0.cjs');
    writeFileSync(path, readFileSync(prebuiltValidatorPath('3.0'), 'utf8').replace(/key [0-9a-f]+/, `key ${'0'.repeat(64)}`));
    try {
      // Act
      const loaded = loadPrebuiltValidator('3.0', path);
      // Assert
      expect(loaded).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should not load a prebuilt validator of another version', () => {
    // Act
    const loaded = loadPrebuiltValidator('3.1', prebuiltValidatorPath('3.0'));
    // Assert
    expect(loaded).toBeUndefined();
  });
});
