import { HTTP_METHODS } from './types.ts';
import { pointerSegments, toPointer } from './json-pointer.ts';
import { asObject, isPlainObject, type PlainObject } from './plain-object.ts';
import { operationKey, type OperationRef } from './problem.ts';

/** An operation of a source document and where it sits. */
export interface OperationEntry extends OperationRef {
  readonly pointer: string;
}

/** Operations touched by a place in the document, split by whether the request side depends on it. */
export interface Touched {
  readonly request: readonly OperationRef[];
  readonly other: readonly OperationRef[];
}

const REQUEST_PARTS = new Set(['parameters', 'requestBody']);

/**
 * Which operations depend on which places of a document (2.0 or 3.x, not dereferenced): follows `$ref`s
 * between components so a problem inside a schema is charged to every operation that uses it.
 */
export class RefGraph {
  readonly operations: readonly OperationEntry[];
  readonly #requestClosure = new Map<string, Set<string>>();
  readonly #otherClosure = new Map<string, Set<string>>();
  readonly #byPath = new Map<string, OperationEntry[]>();

  constructor(document: PlainObject) {
    const operations: OperationEntry[] = [];
    for (const [path, item] of Object.entries(asObject(document.paths))) {
      if (!isPlainObject(item)) continue;
      const list: OperationEntry[] = [];
      for (const method of HTTP_METHODS) {
        if (isPlainObject(item[method])) list.push({ path, method, pointer: toPointer(['paths', path, method]) });
      }
      this.#byPath.set(path, list);
      operations.push(...list);
    }
    this.operations = operations;

    const edges = new Map<string, Set<string>>();
    const requestRoots = new Map<string, Set<string>>();
    const otherRoots = new Map<string, Set<string>>();
    walkRefs(document, [], (location, ref) => {
      if (!ref.startsWith('#')) return;
      const target = componentKey(pointerSegments(ref));
      if (!target) return;
      const origin = this.#place(location);
      if (origin.component) addTo(edges, origin.component, target);
      for (const op of origin.request) addTo(requestRoots, operationKey(op), target);
      for (const op of origin.other) addTo(otherRoots, operationKey(op), target);
    });
    for (const op of operations) {
      const key = operationKey(op);
      this.#requestClosure.set(key, closure(requestRoots.get(key), edges));
      this.#otherClosure.set(key, closure(otherRoots.get(key), edges));
    }
  }

  /** The operations that a problem at `pointer` (a JSON pointer into the document) touches. */
  touched(pointer: string): Touched {
    const place = this.#place(pointerSegments(pointer));
    if (!place.component) return { request: place.request, other: place.other };
    const request: OperationRef[] = [];
    const other: OperationRef[] = [];
    for (const op of this.operations) {
      const key = operationKey(op);
      if (this.#requestClosure.get(key)?.has(place.component)) request.push(op);
      else if (this.#otherClosure.get(key)?.has(place.component)) other.push(op);
    }
    return { request, other };
  }

  /** The operations declared under one path template. */
  operationsOf(path: string): readonly OperationEntry[] {
    return this.#byPath.get(path) ?? [];
  }

  #place(segments: readonly string[]): { component?: string; request: OperationRef[]; other: OperationRef[] } {
    if (segments[0] === 'paths' && segments[1] !== undefined) {
      const ops = this.#byPath.get(segments[1]) ?? [];
      const second = segments[2];
      const method = ops.find((op) => op.method === second);
      if (method) {
        const part = segments[3];
        return part !== undefined && REQUEST_PARTS.has(part) ? { request: [method], other: [] } : { request: [], other: [method] };
      }
      if (second === 'parameters') return { request: [...ops], other: [] };
      return { request: [], other: [...ops] };
    }
    const component = componentKey(segments);
    return component ? { component, request: [], other: [] } : { request: [], other: [] };
  }
}

/** The pointer naming the reusable component that contains a place: `/components/schemas/X` or `/definitions/X`. */
export function componentKey(segments: readonly string[]): string | undefined {
  if (segments[0] === 'components' && segments.length >= 3) return toPointer(segments.slice(0, 3));
  if ((segments[0] === 'definitions' || segments[0] === 'parameters' || segments[0] === 'responses') && segments.length >= 2) {
    return toPointer(segments.slice(0, 2));
  }
  return undefined;
}

/** Calls `visit` for every `$ref` string in the document, with the segments of the object holding it. */
export function walkRefs(value: unknown, at: string[], visit: (location: string[], ref: string) => void): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => walkRefs(item, [...at, String(index)], visit));
    return;
  }
  if (!isPlainObject(value)) return;
  if (typeof value.$ref === 'string') visit(at, value.$ref);
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'object' && item !== null) walkRefs(item, [...at, key], visit);
  }
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function closure(roots: Set<string> | undefined, edges: Map<string, Set<string>>): Set<string> {
  const seen = new Set<string>();
  const stack = [...(roots ?? [])];
  while (stack.length > 0) {
    const node = stack.pop() as string;
    if (seen.has(node)) continue;
    seen.add(node);
    for (const next of edges.get(node) ?? []) if (!seen.has(next)) stack.push(next);
  }
  return seen;
}

