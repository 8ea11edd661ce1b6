import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { metaSchemaValidatorModule } from './meta-schema-code.ts';
import { compileMetaSchema, META_SCHEMA_VERSIONS, type MetaSchemaValidator, type MetaSchemaVersion } from './meta-schema-compile.ts';
import { loadPrebuiltValidator, prebuiltValidatorPath } from './prebuilt-validators.ts';

const DOCUMENTS: Readonly<Record<MetaSchemaVersion, readonly string[]>> = {
  '2.0': ['test/fixtures/specs/store-2.0.json'],
  '3.0': ['specs/glance-v2.yaml', 'test/fixtures/specs/pets-3.0.yaml', 'test/fixtures/specs/dangling-ref.yaml'],
  '3.1': ['specs/prime-intellect.yaml', 'specs/img-processing.yaml', 'test/fixtures/specs/nullable-3.1.yaml'],
};

function errorsOf(validate: MetaSchemaValidator, document: unknown): unknown {
  return validate(document) ? [] : structuredClone(validate.errors);
}

/** Every path to a value inside `value`, the root included. */
function pathsOf(value: unknown, prefix: readonly string[] = []): string[][] {
  if (typeof value !== 'object' || value === null) return [[...prefix]];
  return [[...prefix], ...Object.keys(value).flatMap((key) => pathsOf((value as Record<string, unknown>)[key], [...prefix, key]))];
}

/** `document` with the value at `path` replaced (the root cannot be). */
function replaced(document: unknown, path: readonly string[], value: unknown): unknown {
  const copy = structuredClone(document);
  let holder = copy as Record<string, unknown>;
  for (const key of path.slice(0, -1)) holder = holder[key] as Record<string, unknown>;
  const last = path.at(-1);
  if (last !== undefined) holder[last] = value;
  return copy;
}

describe('prebuilt meta-schema validators', () => {
  it.each(META_SCHEMA_VERSIONS)('should ship the %s validator exactly as Ajv generates it now (else run scripts/generate-meta-schema-validators.ts)', (version) => {
    // Act
    const shipped = readFileSync(prebuiltValidatorPath(version), 'utf8');
    // Assert
    expect(shipped === metaSchemaValidatorModule(version)).toBe(true);
  });

  it.each(META_SCHEMA_VERSIONS)('should report the errors the compiled %s validator reports, on documents broken anywhere', (version) => {
    // Arrange
    const prebuilt = loadPrebuiltValidator(version);
    const compiled = compileMetaSchema(version).validate;
    const documents = DOCUMENTS[version].map((file) => parse(readFileSync(file, 'utf8')) as unknown);
    if (!prebuilt) throw new Error(`no prebuilt ${version} validator`);
    // Act
    const broken = fc.sample(
      fc.constantFrom(...documents).chain((document) => fc.tuple(fc.constant(document), fc.constantFrom(...pathsOf(document).filter((path) => path.length > 0)), fc.jsonValue({ maxDepth: 2 }))),
      { numRuns: 300, seed: 20_261_123 },
    );
    // Assert
    for (const document of documents) expect(errorsOf(prebuilt, document)).toEqual(errorsOf(compiled, document));
    for (const [document, path, value] of broken) {
      const mutated = replaced(document, path, value);
      expect(errorsOf(prebuilt, mutated)).toEqual(errorsOf(compiled, mutated));
    }
  });
});
