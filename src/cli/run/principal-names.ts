import type { Principals } from '../../principals.ts';

/** The edit distance between two names (insertions, deletions, substitutions). */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * What is wrong with a principals file for an API whose suites use `used`, one line each, before any
 * request: a name no suite uses (with the closest used name, when one is near: a typo), and a used
 * name the file lacks (the suites that need it will be skipped). Empty when the names match.
 */
export function principalNameProblems(api: string, given: Principals, used: readonly string[]): string[] {
  const problems: string[] = [];
  const missing = used.filter((name) => !given.has(name));
  for (const name of given.keys()) {
    if (used.includes(name)) continue;
    const near = missing
      .map((candidate) => ({ candidate, far: distance(name.toLowerCase(), candidate.toLowerCase()) }))
      .filter(({ far }) => far <= Math.max(1, Math.floor(name.length / 3)))
      .sort((a, b) => a.far - b.far)[0];
    problems.push(`'${name}' is not a principal the ${api} suites use${near ? `; did you mean '${near.candidate}'?` : ` (they use ${used.map((candidate) => `'${candidate}'`).join(', ')})`}`);
  }
  for (const name of missing) problems.push(`no principal '${name}': the ${api} suites that need it will be skipped`);
  return problems;
}
