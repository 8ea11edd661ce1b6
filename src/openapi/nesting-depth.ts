/**
 * How deeply arrays and objects nest in a parsed value, counted without recursion (so a hostile document
 * cannot exhaust the stack here); stops counting once `limit` is exceeded and returns `limit + 1`.
 */
export function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  // Shared subtrees (YAML aliases) are visited once per depth they appear at at most.
  const seen = new WeakMap<object, number>();
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop() as { value: unknown; depth: number };
    if (typeof current !== 'object' || current === null) continue;
    const at = depth + 1;
    if (at > limit) return limit + 1;
    if ((seen.get(current) ?? -1) >= at) continue;
    seen.set(current, at);
    if (at > deepest) deepest = at;
    const children = Array.isArray(current) ? current : Object.values(current);
    for (const child of children) if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: at });
  }
  return deepest;
}
