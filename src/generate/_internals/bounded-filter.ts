/** @internal A filter that gives up: after `maxTries` rejected draws it returns the last draw anyway. */
import fc from 'fast-check';

class BoundedFilterArbitrary<T> extends fc.Arbitrary<T> {
  readonly #source: fc.Arbitrary<T>;
  readonly #predicate: (value: T) => boolean;
  readonly #maxTries: number;

  constructor(source: fc.Arbitrary<T>, predicate: (value: T) => boolean, maxTries: number) {
    super();
    this.#source = source;
    this.#predicate = predicate;
    this.#maxTries = maxTries;
  }

  generate(random: fc.Random, biasFactor: number | undefined): fc.Value<T> {
    let last = this.#source.generate(random, biasFactor);
    for (let tries = 1; tries < this.#maxTries && !this.#predicate(last.value); tries++) {
      last = this.#source.generate(random, biasFactor);
    }
    return last;
  }

  canShrinkWithoutContext(value: unknown): value is T {
    return this.#source.canShrinkWithoutContext(value) && this.#predicate(value as T);
  }

  shrink(value: T, context: unknown): fc.Stream<fc.Value<T>> {
    return this.#source.shrink(value, context).filter((candidate) => this.#predicate(candidate.value));
  }
}

/**
 * Like `arbitrary.filter(predicate)` but never loops forever on an (almost) unsatisfiable predicate:
 * fast-check's own filter would hang generation on a schema whose constraints barely overlap.
 */
export function boundedFilter<T>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => boolean, maxTries = 100): fc.Arbitrary<T> {
  return new BoundedFilterArbitrary(arbitrary, predicate, maxTries);
}

/**
 * Whether any of `runs` draws (fixed seed) satisfies `predicate`: the same answer as `probe(...) > 0`,
 * but the first draw alone decides when it hits, which is nearly always (a draw of a large body is
 * costly, and building one schema's plans asks this hundreds of times). A seed's first draw is the
 * same whatever `numRuns`, so the answer never depends on which way it was reached.
 */
export function anyHit<T>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => boolean, runs = 12, seed = 0x5eed): boolean {
  const [first] = fc.sample(arbitrary, { seed, numRuns: 1 });
  if (first !== undefined && predicate(first)) return true;
  return probe(arbitrary, predicate, runs, seed) > 0;
}

/** How many of `runs` draws (fixed seed) satisfy `predicate`: decides at build time whether a generator is viable. */
export function probe<T>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => boolean, runs = 12, seed = 0x5eed): number {
  let hits = 0;
  for (const value of fc.sample(arbitrary, { seed, numRuns: runs })) if (predicate(value)) hits++;
  return hits;
}
