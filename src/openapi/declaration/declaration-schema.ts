import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { PACKAGE_ROOT } from '../../package-root.ts';

/** Where the declaration's JSON Schema is: shipped in the package for editors (`$schema`) and read here. */
export const DECLARATION_SCHEMA_PATH = join(PACKAGE_ROOT, 'schemas', 'conform-declaration.schema.json');

/** A part of a declaration as the schema names it. */
export type DeclarationPart = 'declaration' | 'pagination' | 'rateLimit' | 'resource';

let compiled: Map<DeclarationPart, ValidateFunction> | undefined;

function validators(): Map<DeclarationPart, ValidateFunction> {
  if (compiled) return compiled;
  const schema = JSON.parse(readFileSync(DECLARATION_SCHEMA_PATH, 'utf8')) as Record<string, unknown> & { $id: string };
  const ajv = new Ajv({ allErrors: false, strict: false });
  ajv.addSchema(schema);
  compiled = new Map<DeclarationPart, ValidateFunction>([
    ['declaration', ajv.compile({ $ref: schema.$id })],
    ['pagination', ajv.compile({ $ref: `${schema.$id}#/definitions/pagination` })],
    ['rateLimit', ajv.compile({ $ref: `${schema.$id}#/definitions/rateLimit` })],
    ['resource', ajv.compile({ $ref: `${schema.$id}#/definitions/resource` })],
  ]);
  return compiled;
}

/** The first way `value` breaks the schema of `part`, as a pointer below the part and a sentence; undefined when valid. */
export function declarationProblem(part: DeclarationPart, value: unknown): { pointer: string; message: string } | undefined {
  const validate = validators().get(part);
  if (!validate || validate(value)) return undefined;
  const errors = validate.errors ?? [];
  // oneOf/anyOf report their branches' errors first: the deepest error says most.
  const error = [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length)[0];
  return error ? { pointer: error.instancePath, message: sentence(error) } : { pointer: '', message: 'is not a valid declaration' };
}

function sentence(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown key '${String(params.additionalProperty)}'`;
    case 'required':
      return `missing '${String(params.missingProperty)}'`;
    case 'enum':
      return `must be one of ${JSON.stringify(params.allowedValues)}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    default:
      return error.message ?? 'is not valid';
  }
}
