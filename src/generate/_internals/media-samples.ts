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
  // 1×1 lossless WebP
  'image/webp': 'UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==',
};

/** Preference when a part accepts several types: the simplest formats first. */
const PREFERENCE = ['image/png', 'image/gif', 'image/webp'];

/** The media types of a declared `contentType` list (`image/jpeg, image/png`), lower-cased. */
export function declaredMediaTypes(declared: string | undefined): string[] {
  return (declared ?? '')
    .split(',')
    .map((type) => (type.split(';')[0] ?? '').trim().toLowerCase())
    .filter((type) => type !== '');
}

/** A real file of one of `types` (PNG preferred), with its media type; undefined when none is known. */
export function mediaSample(types: readonly string[]): { mediaType: string; bytes: Uint8Array } | undefined {
  const wanted = types.includes('image/*') ? PREFERENCE : types;
  const mediaType = PREFERENCE.find((type) => wanted.includes(type));
  const base64 = mediaType ? SAMPLES[mediaType] : undefined;
  return mediaType && base64 ? { mediaType, bytes: Buffer.from(base64, 'base64') } : undefined;
}
