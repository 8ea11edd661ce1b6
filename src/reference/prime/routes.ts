/** The three operations of specs/prime-intellect.yaml. */
export type PrimeRouteName = 'listImages' | 'getImage' | 'updateVisibility';

/** A request path matched to an operation, with its path parameters decoded. */
export interface RouteMatch {
  readonly route: PrimeRouteName;
  /** The one documented method of the path. */
  readonly method: 'GET' | 'PATCH';
  readonly imageName: string;
  readonly imageTag: string;
}

/** Decodes a path segment; a malformed escape stays as written, so it simply matches no image. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Matches a path (no query) to an operation; undefined for any other path. */
export function matchRoute(pathname: string): RouteMatch | undefined {
  const segments = pathname.split('/');
  if (segments[0] !== '' || segments[1] !== 'api' || segments[2] !== 'v1' || segments[3] !== 'images') return undefined;
  const rest = segments.slice(4);
  if (rest.length === 0) return { route: 'listImages', method: 'GET', imageName: '', imageTag: '' };
  const [name = '', tag = '', last] = rest;
  if (rest.length === 2) return { route: 'getImage', method: 'GET', imageName: decodeSegment(name), imageTag: decodeSegment(tag) };
  if (rest.length === 3 && last === 'visibility') {
    return { route: 'updateVisibility', method: 'PATCH', imageName: decodeSegment(name), imageTag: decodeSegment(tag) };
  }
  return undefined;
}

/** Splits a request target into path and query without URL's host parsing (`//x` is a path here). */
export function splitTarget(target: string): { pathname: string; query: URLSearchParams } {
  const mark = target.indexOf('?');
  if (mark < 0) return { pathname: target, query: new URLSearchParams() };
  return { pathname: target.slice(0, mark), query: new URLSearchParams(target.slice(mark + 1)) };
}
