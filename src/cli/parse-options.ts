import { InvalidArgumentError } from 'commander';

/** A commander argParser for a whole number within [min, max]. */
export function integerOption(min: number, max: number = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value: string) => {
    if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected a whole number, got '${value}'`);
    const parsed = Number.parseInt(value, 10);
    if (parsed < min || parsed > max) throw new InvalidArgumentError(`expected ${min} to ${max}, got ${parsed}`);
    return parsed;
  };
}

/** A commander argParser that collects a repeatable option into an array. */
export function collect(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value];
}

/** A commander argParser for one of a fixed set of words. */
export function oneOf<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value: string) => {
    const found = choices.find((choice) => choice === value);
    if (!found) throw new InvalidArgumentError(`expected one of ${choices.join(', ')}, got '${value}'`);
    return found;
  };
}

/** A commander argParser for a request budget: a whole number of requests, or `none`. */
export function budgetOption(value: string): number | 'none' {
  if (value.trim() === 'none') return 'none';
  if (!/^\d+$/.test(value.trim()) || Number.parseInt(value, 10) < 1) throw new InvalidArgumentError(`expected a number of requests (at least 1) or none, got '${value}'`);
  return Number.parseInt(value, 10);
}
