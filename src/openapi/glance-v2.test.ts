import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { deepEqual } from './plain-object.ts';
import { loadApi } from './load-api.ts';
import { markdownBlocks } from './markdown-blocks.ts';
import { serializeDocument } from './write-document.ts';
import { HTTP_METHODS } from './types.ts';

// CI has ../shared beside the repository; elsewhere the seed may be absent.
const SEED = '../shared/seeds/openstack-glance-v2-images.md';
const SPEC = 'specs/glance-v2.yaml';
const absent = !existsSync(SEED);

type Doc = Record<string, Record<string, Record<string, unknown>>>;

describe.skipIf(absent)(`specs/glance-v2.yaml (needs ${SEED}; skipped where it is absent)`, () => {
  it('should be reproduced byte for byte by re-running the extraction', async () => {
    // Arrange
    const committed = readFileSync(SPEC, 'utf8');
    // Act
    const model = await loadApi([SEED]);
    // Assert
    expect(model.operations).toHaveLength(7);
    expect(serializeDocument(model.document, 'yaml')).toBe(committed);
  });

  it('should keep every operation, parameter, response and component of every fragment', () => {
    // Arrange
    const fragments = markdownBlocks(readFileSync(SEED, 'utf8')).map((block) => JSON.parse(block.text) as Doc);
    const merged = parse(readFileSync(SPEC, 'utf8')) as Doc;
    // Act
    const missing: string[] = [];
    let checked = 0;
    fragments.forEach((fragment, index) => {
      for (const [path, item] of Object.entries(fragment.paths ?? {})) {
        for (const method of HTTP_METHODS) {
          const operation = item[method] as Record<string, unknown> | undefined;
          if (!operation) continue;
          const there = (merged.paths?.[path]?.[method] ?? {}) as Record<string, unknown>;
          for (const key of Object.keys(operation)) {
            checked += 1;
            if (!deepEqual(operation[key], there[key])) missing.push(`block ${index + 1}: ${method} ${path} ${key}`);
          }
        }
      }
      for (const [kind, entries] of Object.entries(fragment.components ?? {})) {
        for (const [name, value] of Object.entries(entries as Record<string, unknown>)) {
          checked += 1;
          if (!deepEqual(value, merged.components?.[kind]?.[name])) missing.push(`block ${index + 1}: components/${kind}/${name}`);
        }
      }
      for (const key of ['servers', 'security', 'tags', 'info', 'openapi'] as const) {
        checked += 1;
        if (!deepEqual(fragment[key], merged[key])) missing.push(`block ${index + 1}: ${key}`);
      }
    });
    // Assert
    expect(fragments).toHaveLength(7);
    expect(checked).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });
});
