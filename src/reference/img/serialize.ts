import type { ImgContext } from './context.ts';
import { IMG_FAULT } from './faults.ts';
import { cdnPathOf, type StoredImage } from './store.ts';

/** The Image object of the spec, as the API sends it (schema faults applied here). */
export function imageJson(context: ImgContext, image: StoredImage): Record<string, unknown> {
  const { faults } = context;
  const body: Record<string, unknown> = {
    id: image.id,
    name: image.name,
    url: image.published ? `${context.origin()}${cdnPathOf(image)}` : null,
    width: faults.has(IMG_FAULT.widthAsString) ? String(image.width) : image.width,
    height: image.height,
    format: faults.has(IMG_FAULT.formatJpg) && image.format === 'jpeg' ? 'jpg' : image.format,
    size: image.bytes.length,
  };
  if (faults.has(IMG_FAULT.missingCreatedAt)) return body;
  body.created_at = faults.has(IMG_FAULT.createdAtNotDateTime)
    ? String(Math.floor(Date.parse(image.createdAt) / 1000))
    : image.createdAt;
  return body;
}
