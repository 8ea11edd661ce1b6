/** @internal `fc.sample`, with each value drawn only when asked for. */
import fc from 'fast-check';
import type { Draw } from './draw.ts';

/**
 * Generates nothing itself: it keeps the random state and bias fast-check hands it, so the source
 * can generate from them later. fast-check gives every run its own copy of the random state (cloned
 * from the seed's stream after one jump per run), so drawing later, or in another order, gives the
 * very values `fc.sample` gives now.
 */
class DeferredDrawArbitrary<T> extends fc.Arbitrary<Draw<T>> {
  readonly #source: fc.Arbitrary<T>;

  constructor(source: fc.Arbitrary<T>) {
    super();
    this.#source = source;
  }

  generate(random: fc.Random, biasFactor: number | undefined): fc.Value<Draw<T>> {
    const kept = random.clone();
    let drawn: { readonly value: T } | undefined;
    const draw = (): T => {
      drawn ??= { value: this.#source.generate(kept, biasFactor).value };
      return drawn.value;
    };
    return new fc.Value(draw, undefined);
  }

  canShrinkWithoutContext(_value: unknown): _value is Draw<T> {
    return false;
  }

  shrink(): fc.Stream<fc.Value<Draw<T>>> {
    return fc.Stream.nil();
  }
}

/**
 * What `fc.sample(arbitrary, parameters)` returns, as draws: a sender can generate the next case
 * while the previous request is in flight instead of generating every case before the first send.
 */
export function deferredSample<T>(arbitrary: fc.Arbitrary<T>, parameters: { readonly seed: number; readonly numRuns: number }): Draw<T>[] {
  return fc.sample(new DeferredDrawArbitrary(arbitrary), parameters);
}
