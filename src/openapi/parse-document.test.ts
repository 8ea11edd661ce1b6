import { describe, expect, it } from 'vitest';
import { parseDocument } from './parse-document.ts';

describe('parseDocument on hostile text', () => {
  it('should refuse binary data in one line naming the first control byte', () => {
    // Arrange
    const text = `openapi: 3.0.3\n\u0000\u0001garbage`;
    // Act / Assert
    expect(() => parseDocument(text, 'x.bin')).toThrow(expect.objectContaining({ code: 'CONFORM_SPEC_UNREADABLE', message: 'x.bin: not YAML or JSON: binary data (byte 0x00 at offset 15)' }));
  });

  it('should refuse a billion-laughs alias bomb instead of expanding it', () => {
    // Arrange
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [index, name] of [...'bcdefgh'].entries()) levels.push(`${name}: &${name} [${Array(9).fill(`*${'abcdefgh'[index]}`).join(', ')}]`);
    // Act / Assert
    expect(() => parseDocument(levels.join('\n'), 'bomb.yaml')).toThrow(expect.objectContaining({ code: 'CONFORM_SPEC_UNREADABLE', message: expect.stringMatching(/alias bomb/) }));
  });

  it('should refuse JSON nested deeper than 1000 levels', () => {
    // Arrange
    const text = `${'['.repeat(1_001)}${']'.repeat(1_001)}`;
    // Act / Assert
    expect(() => parseDocument(text, 'deep.json')).toThrow(expect.objectContaining({ code: 'CONFORM_SPEC_UNREADABLE', message: expect.stringMatching(/nested more than 1000 levels deep/) }));
  });

  it('should accept nesting of exactly 1000 levels', () => {
    // Arrange
    const text = `${'['.repeat(1_000)}${']'.repeat(1_000)}`;
    // Act
    const parsed = parseDocument(text, 'deep.json');
    // Assert
    expect(Array.isArray(parsed.value)).toBe(true);
  });

  it('should keep tabs, carriage returns and a BOM as text', () => {
    // Arrange
    const text = '\uFEFFopenapi: 3.0.3\r\ninfo:\r\n  title: "a\tb"\r\n';
    // Act
    const parsed = parseDocument(text, 'ok.yaml');
    // Assert
    expect(parsed.value).toEqual({ openapi: '3.0.3', info: { title: 'a\tb' } });
  });
});
