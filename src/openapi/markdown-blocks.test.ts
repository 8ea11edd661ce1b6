import { describe, expect, it } from 'vitest';
import { markdownBlocks, looksLikeMarkdown } from './markdown-blocks.ts';

describe('markdownBlocks', () => {
  it('should find a 4-backtick yaml fence with words after the language', () => {
    // Arrange
    const page = '# Title\n\n## OpenAPI\n\n````yaml https://x/openapi.json patch /a\nopenapi: 3.1.0\npaths: {}\n````\n';
    // Act
    const blocks = markdownBlocks(page);
    // Assert
    expect(blocks).toEqual([{ index: 1, heading: 'OpenAPI', lang: 'yaml', text: 'openapi: 3.1.0\npaths: {}', line: 5 }]);
  });

  it('should skip code blocks that are not OpenAPI documents and number the rest from 1', () => {
    // Arrange
    const page = '```json\n{"id":1}\n```\n\n```json\n{"openapi":"3.0.3","paths":{}}\n```\n\n```sh\nopenapi: 3\n```\n';
    // Act
    const blocks = markdownBlocks(page);
    // Assert
    expect(blocks.map((b) => [b.index, b.lang, b.line])).toEqual([[1, 'json', 5]]);
  });

  it('should tell a Markdown page from a YAML document', () => {
    expect(looksLikeMarkdown('a.md', 'openapi: 3.0.0')).toBe(true);
    expect(looksLikeMarkdown('a.yaml', 'openapi: 3.0.0\npaths: {}\n')).toBe(false);
    expect(looksLikeMarkdown('https://x/doc', '# T\n\n```yaml\nopenapi: 3.0.0\n```\n')).toBe(true);
  });
});
