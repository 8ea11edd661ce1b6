import type { Case } from './case.ts';
import { mapDraw, type Draw } from './draw.ts';

/**
 * The case with every optional parameter left out: the request most likely to be accepted, which
 * the probes start from (a vendor's document often under-constrains optional filters).
 */
export function withOnlyRequired(testCase: Case, optional: ReadonlyArray<{ readonly name: string; readonly in: string }>): Case {
  const optionalQuery = new Set(optional.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name));
  const optionalHeaders = new Set(optional.filter((parameter) => parameter.in === 'header').map((parameter) => parameter.name.toLowerCase()));
  const optionalCookies = new Set(optional.filter((parameter) => parameter.in === 'cookie').map((parameter) => parameter.name));
  const baseName = (encoded: string): string => {
    const name = decodeURIComponent(encoded);
    const bracket = name.indexOf('[');
    return bracket > 0 ? name.slice(0, bracket) : name;
  };
  return {
    ...testCase,
    query: testCase.query.filter(([name]) => !optionalQuery.has(baseName(name))),
    headers: Object.fromEntries(Object.entries(testCase.headers).filter(([name]) => !optionalHeaders.has(name.toLowerCase()))),
    cookies: Object.fromEntries(Object.entries(testCase.cookies).filter(([name]) => !optionalCookies.has(name))),
  };
}

/**
 * A positive phase's cases, opened by the first one stripped to the required parameters: the request
 * most likely to be accepted, which the probes start from (what `conform cases` prints first, too).
 */
export function openedWithRequiredOnly(draws: readonly Draw<Case>[], parameters: ReadonlyArray<{ readonly name: string; readonly in: string; readonly required: boolean }>): Draw<Case>[] {
  const optional = parameters.filter((parameter) => !parameter.required);
  const [first] = draws;
  return first && optional.length > 0 ? [mapDraw(first, (value) => withOnlyRequired(value, optional)), ...draws] : [...draws];
}
