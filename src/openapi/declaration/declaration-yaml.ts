import { Document, isMap, isScalar, type Pair, type YAMLMap } from 'yaml';
import { pointerSegments } from '../json-pointer.ts';
import type { ResolvedDeclaration } from './declaration.ts';


/** The pair of `map` whose key is `key`. */
function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((item) => isScalar(item.key) && item.key.value === key);
}

/**
 * A resolved declaration as the `declaration:` section of conform.config.yaml: each inferred part
 * says what it was read from, each unresolved one is a `TODO` at its place (or at its parent's, when
 * the part is absent), so the file reads as a checklist.
 */
export function declarationYaml(resolved: ResolvedDeclaration, about: string): string {
  const document = new Document({ declaration: resolved.declaration }, { aliasDuplicateObjects: false });
  document.commentBefore = [
    ` conform declaration of ${about}`,
    ' Inferred by `conform init`: check each part, fill in each TODO, then put this in conform.config.yaml',
    ' (or, on a document you edit, `resources` under a root `x-conform`, `x-pagination`/`x-rate-limit` on operations).',
    ' Schema: schemas/conform-declaration.schema.json',
  ].join('\n');
  const root = document.get('declaration', true);
  if (!isMap(root)) return document.toString();
  const place = (pointer: string, text: string): void => {
    const segments = pointerSegments(pointer);
    let map: YAMLMap = root;
    for (let index = 0; index < segments.length; index += 1) {
      const key = segments[index] ?? '';
      const pair = pairOf(map, key);
      const last = index === segments.length - 1;
      if (!pair) {
        // Absent: the note goes above the parent's entry, naming what is missing.
        const missing = segments.slice(index).join('.');
        const parent = segments.slice(0, index);
        const anchor = parent.length > 0 ? pairOfPath(root, parent) : undefined;
        const holder = anchor?.key;
        const line = ` ${text.startsWith('TODO') ? text.replace(/^TODO/, `TODO ${missing}:`) : `${missing}: ${text}`}`;
        if (holder && isScalar(holder)) holder.commentBefore = holder.commentBefore ? `${holder.commentBefore}\n${line}` : line;
        else document.comment = document.comment ? `${document.comment}\n${line}` : line;
        return;
      }
      if (last || !isMap(pair.value)) {
        const target = isScalar(pair.value) ? pair.value : pair.key;
        if (isScalar(target)) {
          if (target === pair.value) target.comment = target.comment ? `${target.comment}; ${text}` : ` ${text}`;
          else target.commentBefore = target.commentBefore ? `${target.commentBefore}\n ${text}` : ` ${text}`;
        }
        return;
      }
      map = pair.value;
    }
  };
  for (const entry of resolved.provenance) if (entry.origin === 'inferred' && entry.because) place(entry.pointer, `inferred from ${entry.because}`);
  for (const entry of resolved.unresolved) place(entry.pointer, `TODO ${entry.what}`);
  return document.toString({ lineWidth: 0 });
}

function pairOfPath(root: YAMLMap, segments: readonly string[]): Pair | undefined {
  let map: YAMLMap = root;
  let pair: Pair | undefined;
  for (const key of segments) {
    pair = pairOf(map, key);
    if (!pair) return undefined;
    if (isMap(pair.value)) map = pair.value;
  }
  return pair;
}
