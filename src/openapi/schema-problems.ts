import { metaSchemaErrors } from './meta-schema.ts';
import { resolvePointer } from './json-pointer.ts';
import { isPlainObject, type PlainObject } from './plain-object.ts';

/** One condensed finding of the OpenAPI meta-schema validation. */
export interface SchemaFinding {
  readonly pointer: string;
  readonly message: string;
}

interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params: Record<string, unknown>;
}

const MAX_DETAILS = 3;

/**
 * Runs the meta-schema validation (swagger-parser's schemas and options, compiled once per process:
 * meta-schema.ts) on the raw document and condenses Ajv's errors (one per
 * `oneOf` branch tried) into one finding per place. Places in or under `covered` were already reported
 * more precisely and are left out.
 */
export function schemaProblems(document: PlainObject, covered: readonly string[]): SchemaFinding[] {
  let errors: AjvError[];
  try {
    errors = metaSchemaErrors(document);
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    return [{ pointer: '', message: `meta-schema validation failed: ${message.split('\n', 1)[0]}` }];
  }
  if (errors.length === 0) return [];
  const referenceBranch = new Set(
    errors.filter((e) => e.keyword === 'required' && e.params.missingProperty === '$ref').map((e) => e.instancePath),
  );
  const isCovered = (path: string): boolean => covered.some((c) => path === c || path.startsWith(`${c}/`));
  // Objects with a `$ref` beside other keys: the meta-schema then tries every other branch and reports
  // nonsense; what is true is that the other keys are ignored.
  const besideRef = new Map<string, string[]>();
  for (const e of errors) {
    const holder = resolvePointer(document, e.instancePath);
    if (!isPlainObject(holder) || typeof holder.$ref !== 'string') continue;
    const extra = Object.keys(holder).filter((key) => key !== '$ref' && !key.startsWith('x-'));
    if (extra.length > 0) besideRef.set(e.instancePath, extra);
  }
  const kept = errors.filter((e) => {
    if (besideRef.has(e.instancePath)) return false;
    if (isCovered(subject(e))) return false;
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf' || e.keyword === 'if' || e.keyword === 'not') return false;
    if (e.keyword === '$ref' || e.keyword === 'false schema') return false;
    // Errors of the "this could have been a Reference object" branch say nothing about the real problem.
    if (e.keyword === 'required' && e.params.missingProperty === '$ref') return false;
    if (e.keyword === 'additionalProperties' && referenceBranch.has(e.instancePath)) return false;
    if (e.keyword === 'uniqueItems' && covered.some((c) => c.startsWith(`${e.instancePath}/`))) return false;
    return true;
  });
  // Group by the object the error is about, then fold each group into its shallowest ancestor group.
  const groups = new Map<string, string[]>();
  for (const e of kept) {
    const anchor = anchorOf(e);
    const owner = [...groups.keys()].find((g) => anchor === g || anchor.startsWith(`${g}/`));
    const key = owner ?? anchor;
    for (const g of [...groups.keys()]) {
      if (g !== key && g.startsWith(`${key}/`)) {
        groups.set(key, [...(groups.get(key) ?? []), ...(groups.get(g) ?? [])]);
        groups.delete(g);
      }
    }
    const list = groups.get(key) ?? [];
    const relative = e.instancePath.slice(key.length);
    const text = `${relative ? `${relative.slice(1)} ` : ''}${describe(e)}`;
    if (!list.includes(text)) list.push(text);
    groups.set(key, list);
  }
  for (const [pointer, extra] of besideRef) {
    if (isCovered(pointer)) continue;
    groups.set(pointer, [`${extra.map((key) => `'${key}'`).join(', ')} beside $ref ${extra.length > 1 ? 'are' : 'is'} ignored`]);
  }
  return [...groups.entries()].map(([pointer, messages]) => ({
    pointer,
    message: `${messages.slice(0, MAX_DETAILS).join('; ')}${messages.length > MAX_DETAILS ? `; and ${messages.length - MAX_DETAILS} more` : ''}`,
  }));
}

/** The place an error is about: the missing or unexpected key itself when there is one. */
function subject(error: AjvError): string {
  const key = error.keyword === 'required' ? error.params.missingProperty : error.keyword === 'additionalProperties' ? error.params.additionalProperty : undefined;
  return typeof key === 'string' ? `${error.instancePath}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}` : error.instancePath;
}

function anchorOf(error: AjvError): string {
  // A wrong value (type, enum, format...) is about its own place; a missing or extra key is about the object.
  return error.instancePath;
}

function describe(error: AjvError): string {
  switch (error.keyword) {
    case 'additionalProperties':
      return `has unexpected property '${String(error.params.additionalProperty)}'`;
    case 'required':
      return `misses required property '${String(error.params.missingProperty)}'`;
    case 'enum':
      return `must be one of ${JSON.stringify(error.params.allowedValues)}`;
    default:
      return error.message ?? error.keyword;
  }
}
