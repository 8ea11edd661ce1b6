/**
 * The `first` and `next` links of a list page: relative, as upstream. Unlike upstream (which folds
 * the query into a dict and keeps one value per name), repeated parameters such as `tag` are kept,
 * so `next` carries the whole query.
 */
export function listLinks(query: URLSearchParams, nextMarker: string | undefined): { first: string; next?: string } {
  const withoutMarker = new URLSearchParams([...query].filter(([name]) => name !== 'marker'));
  const rest = withoutMarker.toString();
  const links: { first: string; next?: string } = { first: rest ? `/v2/images?${rest}` : '/v2/images' };
  if (nextMarker !== undefined) {
    withoutMarker.append('marker', nextMarker);
    links.next = `/v2/images?${withoutMarker.toString()}`;
  }
  return links;
}
