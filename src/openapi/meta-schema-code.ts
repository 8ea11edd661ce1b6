import standaloneCode from 'ajv/dist/standalone/index.js';
import { compileMetaSchema, type MetaSchemaVersion } from './meta-schema-compile.ts';
import { prebuiltValidatorHeader } from './prebuilt-validators.ts';

/**
 * The CommonJS module of the validator Ajv compiles for the meta-schema of `version`: Ajv's own
 * standalone code for that compilation, so it reports exactly the errors the compiled one would,
 * under a first line naming what it was generated from (prebuilt-validators.ts loads it only while that matches).
 */
export function metaSchemaValidatorModule(version: MetaSchemaVersion): string {
  const { ajv, validate } = compileMetaSchema(version, true);
  return `${prebuiltValidatorHeader(version)}\n${standaloneCode.default(ajv, validate as Parameters<typeof standaloneCode.default>[1])}\n`;
}
