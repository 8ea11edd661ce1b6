/** @internal Shared assertions of the generate tests: Ajv as the independent judge. */
import { readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv';
import type { Schema, SchemaDialect } from '../../openapi/types.ts';
import type { Violation } from '../case.ts';

/** The named schemas of a fixture file under `test/fixtures/generate/`. */
export function fixtureSchemas(file: string): [string, Schema][] {
  const url = new URL(`../../../test/fixtures/generate/${file}`, import.meta.url);
  return Object.entries(JSON.parse(readFileSync(url, 'utf8')) as Record<string, Schema>);
}

/**
 * Why `errors` (Ajv's, allErrors) do not show that exactly `violates` is broken, or `undefined` when they do.
 * Other errors are tolerated only where one break necessarily shows several times: the same keyword at
 * the same place (a keyword repeated through allOf), or the branches of an anyOf/oneOf/not on the tagged path.
 */
export function explainMismatch(errors: readonly ErrorObject[], violates: Violation): string | undefined {
  const tagged = errors.find((e) => e.keyword === violates.keyword && e.instancePath === violates.instancePath && e.schemaPath === violates.schemaPath);
  if (!tagged) return `Ajv did not report ${violates.keyword} at ${violates.instancePath || '(root)'} ${violates.schemaPath}; it reported ${render(errors)}`;
  const combinator = /^(.*\/(anyOf|oneOf|not))(\/|$)/.exec(violates.schemaPath)?.[1];
  const extra = errors.filter((e) => {
    if (e === tagged) return false;
    if (e.keyword === violates.keyword && e.instancePath === violates.instancePath) return false;
    if (combinator && e.schemaPath.startsWith(combinator)) return false;
    if (['anyOf', 'oneOf', 'not'].includes(violates.keyword) && e.schemaPath.startsWith(`${violates.schemaPath}/`)) return false;
    return true;
  });
  return extra.length === 0 ? undefined : `besides ${violates.keyword}, Ajv reported ${render(extra)}`;
}

function render(errors: readonly ErrorObject[]): string {
  return errors.map((e) => `${e.keyword}@${e.instancePath || '/'}(${e.schemaPath})`).join(', ') || 'nothing';
}

/** The dialect a fixture file is written in. */
export function dialectOf(file: string): SchemaDialect {
  return file.includes('3.1') ? 'openapi-3.1' : 'openapi-3.0';
}
