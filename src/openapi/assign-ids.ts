import { toPointer } from './json-pointer.ts';
import { asObject, isPlainObject, type PlainObject } from './plain-object.ts';
import { abbreviate, operationKey, type OperationRef, type Problem } from './problem.ts';
import { HTTP_METHODS, type HttpMethod } from './types.ts';

/** Every operation of a document in order, with its unique id. */
export interface IdentifiedOperation extends OperationRef {
  readonly id: string;
}

/**
 * Gives each operation of a merged document a unique id: its `operationId`, or `<method>_<path>` (made
 * unique) when it has none or shares it with another operation; each shared operationId is one problem.
 */
export function assignIds(document: PlainObject, origins: ReadonlyMap<string, string>): { operations: IdentifiedOperation[]; problems: Problem[] } {
  const refs: Array<OperationRef & { operationId?: string }> = [];
  for (const [path, rawItem] of Object.entries(asObject(document.paths))) {
    const item = asObject(rawItem);
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isPlainObject(op)) continue;
      const operationId = typeof op.operationId === 'string' && op.operationId.trim() !== '' ? op.operationId : undefined;
      refs.push({ path, method, ...(operationId !== undefined ? { operationId } : {}) });
    }
  }
  const uses = new Map<string, OperationRef[]>();
  for (const ref of refs) if (ref.operationId !== undefined) uses.set(ref.operationId, [...(uses.get(ref.operationId) ?? []), ref]);
  const taken = new Set<string>([...uses.entries()].filter(([, list]) => list.length === 1).map(([id]) => id));
  const operations: IdentifiedOperation[] = [];
  const synthesized = new Map<string, string>();
  for (const ref of refs) {
    let id = ref.operationId !== undefined && uses.get(ref.operationId)?.length === 1 ? ref.operationId : undefined;
    if (id === undefined) {
      const base = synthesize(ref.method, ref.path);
      id = base;
      for (let n = 2; taken.has(id); n += 1) id = `${base}_${n}`;
      taken.add(id);
      synthesized.set(operationKey(ref), id);
    }
    operations.push({ path: ref.path, method: ref.method, id });
  }
  const problems: Problem[] = [];
  for (const [operationId, list] of uses) {
    if (list.length < 2) continue;
    const first = list[0] as OperationRef;
    const ids = list.map((ref) => synthesized.get(operationKey(ref)) ?? '?');
    problems.push({
      source: origins.get(operationKey(first)) ?? '',
      pointer: toPointer(['paths', first.path, first.method, 'operationId']),
      message: `operationId ${operationId} is used by ${list.length} operations; their ids are ${abbreviate(ids)}`,
      unusable: [],
      affected: list,
    });
  }
  return { operations, problems };
}

function synthesize(method: HttpMethod, path: string): string {
  const tail = path.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return tail ? `${method}_${tail}` : method;
}
