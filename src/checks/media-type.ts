/** `application/json; charset=utf-8` → `application/json`. */
export function essence(contentType: string): string {
  return (contentType.split(';', 1)[0] ?? '').trim().toLowerCase();
}

/** Whether a received media type is covered by a documented one (wildcards such as application/* included). */
export function mediaTypeMatches(documented: string, received: string): boolean {
  const [docType = '', docSub = ''] = essence(documented).split('/');
  const [type = '', sub = ''] = essence(received).split('/');
  return (docType === '*' || docType === type) && (docSub === '*' || docSub === sub);
}

/** JSON and the `+json` structured suffix (RFC 6839), which carry a body a JSON Schema can describe. */
export function isJsonMediaType(mediaType: string): boolean {
  const value = essence(mediaType);
  return value === 'application/json' || value.endsWith('+json') || /^application\/[\w.-]*json[\w.-]*$/.test(value);
}
