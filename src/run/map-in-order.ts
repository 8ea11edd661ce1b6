/**
 * Runs `task` over `items` with at most `limit` in flight and resolves to the results in item order,
 * whatever order they complete in: concurrency may change timing, never what a caller sees.
 */
export async function mapInOrder<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { readonly error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    // Bounded by items.length: each pass claims one index. After a failure no lane claims another,
    // and the caller hears of it only once every lane has stopped: nothing is still in flight then.
    while (next < items.length && !failure) {
      const index = next;
      next += 1;
      try {
        results[index] = await task(items[index] as T, index);
      } catch (error: unknown) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failure) throw failure.error;
  return results;
}
