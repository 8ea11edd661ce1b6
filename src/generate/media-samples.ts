/**
 * @internal Smallest well-formed files of common media types. A server that inspects an upload
 * (the IMG API reads the image's format and size) refuses random bytes, so a *positive* file part
 * declared as an image must be a real image.
 */
const SAMPLES: Readonly<Record<string, string>> = {
  // 1×1 RGBA PNG
  'image/png': 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  // 1×1 GIF89a
  'image/gif': 'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7',
  // 1×1 baseline JPEG (decoded by Chromium)
  'image/jpeg': '/9j/2wBDAAEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQH/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAAAP/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AP//Z',
  // 1×1 lossless WebP
  'image/webp': 'UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==',
};

const KNOWN = Object.keys(SAMPLES);

/** The media types of a declared `contentType` list (`image/jpeg, image/png`), lower-cased. */
export function declaredMediaTypes(declared: string | undefined): string[] {
  return (declared ?? '')
    .split(',')
    .map((type) => (type.split(';')[0] ?? '').trim().toLowerCase())
    .filter((type) => type !== '');
}

/**
 * A real file of one of `types`, with its media type; undefined when none is known. `pick` chooses
 * among the types conform has a file for, so different cases upload different formats.
 */
export function mediaSample(types: readonly string[], pick = 0): { mediaType: string; bytes: Uint8Array } | undefined {
  const wanted = types.includes('image/*') ? KNOWN : types;
  const available = wanted.filter((type) => SAMPLES[type] !== undefined);
  const mediaType = available[Math.abs(pick) % Math.max(available.length, 1)];
  const base64 = mediaType ? SAMPLES[mediaType] : undefined;
  return mediaType && base64 ? { mediaType, bytes: Buffer.from(base64, 'base64') } : undefined;
}
