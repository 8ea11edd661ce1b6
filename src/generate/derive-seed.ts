/**
 * A seed for one (operation, phase) from the run's seed, so filtering operations or adding one
 * never changes the cases another operation gets. FNV-1a over the parts, folded to a 31-bit int.
 */
export function deriveSeed(seed: number, ...parts: readonly string[]): number {
  let hash = 0x811c9dc5 ^ (seed | 0);
  for (const part of parts) {
    for (let index = 0; index < part.length; index += 1) {
      hash ^= part.charCodeAt(index);
      hash = Math.imul(hash, 0x01000193);
    }
    hash ^= 0xff;
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) & 0x7fffffff;
}
