/** A value generated on the first call and the same on every later one (see `caseDrawsForOperation`). */
export type Draw<T> = () => T;

/** A draw of a value already at hand. */
export function drawn<T>(value: T): Draw<T> {
  return () => value;
}

/** `draw`'s value through `map`, computed once. */
export function mapDraw<T, U>(draw: Draw<T>, map: (value: T) => U): Draw<U> {
  let mapped: { readonly value: U } | undefined;
  return () => {
    mapped ??= { value: map(draw()) };
    return mapped.value;
  };
}
