import { pointerSegments, resolvePointer, toPointer } from './json-pointer.ts';
import { asObject, isPlainObject, type PlainObject } from './plain-object.ts';
import { abbreviate, type OperationRef, type Problem } from './problem.ts';
import { RefGraph, walkRefs } from './ref-graph.ts';
import { schemaProblems } from './schema-problems.ts';
import type { SpecVersion } from './types.ts';

/** The key that replaces a `$ref` that resolves nowhere, so the rest of the document stays usable. */
export const UNRESOLVED_REF = 'x-conform-unresolved-ref';

/** A document repaired where the repair is faithful, and every problem found. */
export interface LenientResult {
  readonly document: PlainObject;
  readonly problems: readonly Problem[];
}

const VALID_IN: Record<'2' | '3', ReadonlySet<string>> = {
  '2': new Set(['query', 'header', 'path', 'formData', 'body']),
  '3': new Set(['query', 'header', 'path', 'cookie']),
};
const STATUS_KEY = /^([1-5]\d\d|[1-5]XX|default)$/i;

/**
 * Validates a source document leniently (as Schemathesis does): every problem becomes a {@link Problem}
 * with a JSON pointer into the document as written; local problems are repaired in a copy; operations that
 * cannot be sent faithfully are named unusable. The input is not modified.
 */
export function lenientValidate(original: PlainObject, version: SpecVersion, source: string): LenientResult {
  const inlined = withPathItemsInlined(original);
  const document = structuredClone(inlined);
  const graph = new RefGraph(inlined);
  const problems: Problem[] = [];
  const covered: string[] = [];
  const report = (pointer: string, message: string, unusable: readonly OperationRef[], affected: readonly OperationRef[] = []): void => {
    problems.push({ source, pointer, message, unusable, affected });
    covered.push(pointer);
  };

  repairInfo(document, report);
  repairDanglingRefs(document, graph, report);
  repairPropertyRequired(document, graph, report);
  checkPaths(document, version, graph, report);

  for (const finding of schemaProblems(inlined, covered)) {
    const touched = graph.touched(finding.pointer);
    problems.push({ source, pointer: finding.pointer, message: finding.message, unusable: [], affected: [...touched.request, ...touched.other] });
  }
  return { document, problems };
}

/**
 * A copy in which each path item that is a local `$ref` (3.1 `#/components/pathItems/X`, or any other
 * place) is replaced by what it points to, so its operations are found like any others. Only one level:
 * a path item pointing at another `$ref` stays as written and is reported as resolving to nothing.
 */
function withPathItemsInlined(original: PlainObject): PlainObject {
  if (!isPlainObject(original.paths)) return original;
  const paths: PlainObject = {};
  let changed = false;
  for (const [path, item] of Object.entries(original.paths)) {
    const target = isPlainObject(item) && typeof item.$ref === 'string' && item.$ref.startsWith('#') ? resolvePointer(original, item.$ref) : undefined;
    if (isPlainObject(target) && typeof target.$ref !== 'string') {
      const { $ref: _ref, ...siblings } = item as PlainObject;
      paths[path] = { ...structuredClone(target), ...siblings };
      changed = true;
    } else {
      paths[path] = item;
    }
  }
  return changed ? { ...original, paths } : original;
}

type Report = (pointer: string, message: string, unusable: readonly OperationRef[], affected?: readonly OperationRef[]) => void;

function repairInfo(document: PlainObject, report: Report): void {
  if (!isPlainObject(document.info)) {
    document.info = { title: '', version: '' };
    report('/info', 'info is missing; title and version are empty', []);
    return;
  }
  for (const key of ['title', 'version'] as const) {
    const value = document.info[key];
    if (typeof value === 'number' || typeof value === 'boolean') {
      document.info[key] = String(value);
      report(`/info/${key}`, `info.${key} is the ${typeof value} ${String(value)}, read as the string "${String(value)}"`, []);
    } else if (typeof value !== 'string') {
      document.info[key] = '';
      report(`/info/${key}`, `info.${key} is missing`, []);
    }
  }
}

function repairDanglingRefs(document: PlainObject, graph: RefGraph, report: Report): void {
  // One warning per unresolvable target; every $ref into one cycle of $refs is charged to that cycle.
  const dangling = new Map<string, { ref: string; cycle?: string; locations: string[][] }>();
  walkRefs(document, [], (location, ref) => {
    let group = ref;
    let cycle: RefCycle | undefined;
    if (ref.startsWith('#') && resolvePointer(document, ref) !== undefined) {
      cycle = refCycle(document, ref);
      if (!cycle) return;
      group = cycle.key;
    }
    const entry = dangling.get(group) ?? { ref, ...(cycle ? { cycle: cycle.text } : {}), locations: [] };
    entry.locations.push(location);
    dangling.set(group, entry);
  });
  for (const { ref, cycle, locations } of dangling.values()) {
    const unusable = new Map<string, OperationRef>();
    const affected = new Map<string, OperationRef>();
    for (const location of locations) {
      const touched = graph.touched(toPointer(location));
      for (const op of touched.request) unusable.set(`${op.method} ${op.path}`, op);
      for (const op of touched.other) affected.set(`${op.method} ${op.path}`, op);
      replaceAt(document, location, { [UNRESOLVED_REF]: ref });
    }
    for (const key of unusable.keys()) affected.delete(key);
    const where = locations.length > 1 ? ` (${locations.length} places)` : '';
    const cause = cycle ? `resolves to nothing: it is a cycle of $refs (${cycle})` : ref.startsWith('#') ? 'resolves to nothing' : 'points outside the document and could not be resolved';
    const effect = affected.size > 0 ? `; not checked in the responses of ${abbreviate([...affected.keys()])}` : '';
    report(toPointer(locations[0] ?? []), `$ref ${ref} ${cause}${where}${effect}`, [...unusable.values()], [...affected.values()]);
  }
}

interface RefCycle {
  /** The same for every entry point of one cycle. */
  readonly key: string;
  readonly text: string;
}

/**
 * `A → B → A` when following `ref` through objects that hold nothing but a `$ref` (and annotations) comes
 * back to a reference already followed: such a chain names no schema, parameter or response at all.
 */
function refCycle(document: PlainObject, ref: string): RefCycle | undefined {
  const chain: string[] = [];
  let next: string | undefined = ref;
  while (next !== undefined && next.startsWith('#')) {
    if (chain.includes(next)) {
      const members = chain.slice(chain.indexOf(next));
      return { key: `cycle:${[...members].sort().join(' ')}`, text: [...members, next].map(shortRef).join(' → ') };
    }
    chain.push(next);
    const target = resolvePointer(document, next);
    next = isPlainObject(target) && typeof target.$ref === 'string' && Object.keys(target).every(isRefOnlyKey) ? target.$ref : undefined;
  }
  return undefined;
}

function isRefOnlyKey(key: string): boolean {
  return key === '$ref' || key === 'description' || key === 'summary' || key.startsWith('x-');
}

function shortRef(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1) || ref;
}

function replaceAt(root: PlainObject, location: readonly string[], value: unknown): void {
  if (location.length === 0) return;
  const parent = resolvePointer(root, toPointer(location.slice(0, -1)));
  const last = location[location.length - 1] as string;
  if (Array.isArray(parent)) parent[Number(last)] = value;
  else if (isPlainObject(parent)) parent[last] = value;
}

// Old generators write `required: true|false` on each property (JSON Schema draft 3); it means membership in
// the parent's `required` list, so moving it there is exact.
function repairPropertyRequired(document: PlainObject, graph: RefGraph, report: Report): void {
  const visit = (value: unknown, at: string[]): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, [...at, String(index)]));
      return;
    }
    if (!isPlainObject(value)) return;
    if (isPlainObject(value.properties)) {
      for (const [name, property] of Object.entries(value.properties)) {
        if (!isPlainObject(property) || typeof property.required !== 'boolean') continue;
        const flag = property.required;
        delete property.required;
        if (flag) {
          const list = Array.isArray(value.required) ? value.required : [];
          if (!list.includes(name)) list.push(name);
          value.required = list;
        }
        const pointer = toPointer([...at, 'properties', name, 'required']);
        const touched = graph.touched(pointer);
        report(pointer, `required: ${flag} on a property is not valid here; read as ${flag ? 'listed in' : 'absent from'} the parent's required list`, [], [...touched.request, ...touched.other]);
      }
    }
    for (const [key, item] of Object.entries(value)) if (typeof item === 'object' && item !== null) visit(item, [...at, key]);
  };
  visit(document, []);
}

function checkPaths(document: PlainObject, version: SpecVersion, graph: RefGraph, report: Report): void {
  const paths = asObject(document.paths);
  if (!isPlainObject(document.paths)) {
    document.paths = paths;
    if (version !== '3.1') report('/paths', 'paths is missing', []);
  }
  const v = version === '2.0' ? '2' : '3';
  for (const [path, rawItem] of Object.entries(paths)) {
    if (path.startsWith('x-')) continue;
    const itemPointer = toPointer(['paths', path]);
    const ops = graph.operationsOf(path);
    if (!path.startsWith('/')) {
      report(itemPointer, `path "${path}" does not start with "/"; its operations cannot be addressed`, ops);
      continue;
    }
    const item = isPlainObject(rawItem) && typeof rawItem.$ref === 'string' ? asObject(resolvePointer(document, rawItem.$ref)) : asObject(rawItem);
    const template = templateNames(path);
    const itemParams = checkParameterList(document, item, [itemPointer, 'parameters'], template, v, ops, report);
    for (const op of ops) {
      const operation = asObject(item[op.method]);
      const opPointer = toPointer(['paths', path, op.method]);
      const opParams = checkParameterList(document, operation, [opPointer, 'parameters'], template, v, [op], report);
      const declared = new Set([...itemParams, ...opParams].filter((p) => p.in === 'path').map((p) => p.name));
      for (const name of template) {
        if (declared.has(name)) continue;
        const added = v === '2' ? { name, in: 'path', required: true, type: 'string' } : { name, in: 'path', required: true, schema: { type: 'string' } };
        operation.parameters = [...(Array.isArray(operation.parameters) ? operation.parameters : []), added];
        report(opPointer, `path parameter {${name}} is in the template but not declared; sent as a required string`, [], [op]);
      }
      if (v === '2') {
        const all = [...itemParams, ...opParams];
        const bodies = all.filter((p) => p.in === 'body').length;
        const forms = all.filter((p) => p.in === 'formData').length;
        if (bodies > 1) report(`${opPointer}/parameters`, `${bodies} body parameters; only one is allowed, so the body is unknown`, [op]);
        else if (bodies > 0 && forms > 0) report(`${opPointer}/parameters`, 'both body and formData parameters; the body is unknown', [op]);
      }
      checkResponses(operation, opPointer, op, report);
    }
  }
}

interface SeenParameter {
  readonly name: string;
  readonly in: string;
}

/** Checks one `parameters` list in place; returns the parameters it keeps. */
function checkParameterList(
  document: PlainObject,
  owner: PlainObject,
  at: [string, string],
  template: readonly string[],
  v: '2' | '3',
  ops: readonly OperationRef[],
  report: Report,
): SeenParameter[] {
  const list = owner.parameters;
  if (list === undefined) return [];
  const listPointer = `${at[0]}/${at[1]}`;
  if (!Array.isArray(list)) {
    delete owner.parameters;
    report(listPointer, 'parameters is not a list; ignored', [], ops);
    return [];
  }
  const kept: unknown[] = [];
  const seen: SeenParameter[] = [];
  list.forEach((entry: unknown, index: number) => {
    const pointer = `${listPointer}/${index}`;
    const param = isPlainObject(entry) && typeof entry.$ref === 'string' ? resolvePointer(document, entry.$ref) : entry;
    if (isPlainObject(param) && param[UNRESOLVED_REF] !== undefined) {
      kept.push(entry);
      return;
    }
    if (!isPlainObject(param) || typeof param.name !== 'string' || typeof param.in !== 'string' || !VALID_IN[v].has(param.in)) {
      const what = isPlainObject(param) ? `name ${JSON.stringify(param.name)} in ${JSON.stringify(param.in)}` : 'not an object';
      report(pointer, `parameter is not usable (${what}); the request cannot be built`, ops);
      return;
    }
    const name = param.name;
    const location = param.in;
    if (seen.some((s) => s.name === name && s.in === location)) {
      report(pointer, `parameter ${name} in ${location} is declared twice; the first declaration is used`, [], ops);
      return;
    }
    if (location === 'path') {
      if (!template.includes(name)) {
        report(pointer, `path parameter ${name} is not in the path template; ignored`, [], ops);
        return;
      }
      if (param.required !== true) {
        const written = JSON.stringify(param.required ?? null);
        param.required = true;
        report(pointer, `path parameter ${name} has required: ${written}; path parameters are always required`, [], ops);
      }
    }
    if (v === '3' && param.schema === undefined && param.content === undefined) {
      param.schema = {};
      report(pointer, `parameter ${name} has neither schema nor content; any value is accepted`, [], ops);
    }
    seen.push({ name, in: location });
    kept.push(entry);
  });
  owner.parameters = kept;
  return seen;
}

function checkResponses(operation: PlainObject, opPointer: string, op: OperationRef, report: Report): void {
  if (!isPlainObject(operation.responses)) {
    if (operation.responses !== undefined) delete operation.responses;
    report(`${opPointer}/responses`, 'no responses are declared; no response can be checked', [], [op]);
    return;
  }
  for (const key of Object.keys(operation.responses)) {
    if (key.startsWith('x-') || STATUS_KEY.test(key)) continue;
    delete operation.responses[key];
    report(toPointer([...pointerSegments(opPointer), 'responses', key]), `response key "${key}" is not a status code, a range like 2XX or default; ignored`, [], [op]);
  }
}

function templateNames(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
}
