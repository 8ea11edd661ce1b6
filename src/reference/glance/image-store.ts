import type { ImageRecord } from './model.ts';

/** In-memory images of one server. Deleted images are kept aside: their ids stay taken, as upstream. */
export class ImageStore {
  readonly #images = new Map<string, ImageRecord>();
  readonly #deleted = new Map<string, ImageRecord>();

  /** A live image, or undefined. */
  get(id: string): ImageRecord | undefined {
    return this.#images.get(id);
  }

  /** A deleted image, or undefined. */
  getDeleted(id: string): ImageRecord | undefined {
    return this.#deleted.get(id);
  }

  /** True when a live or deleted image has this id (upstream refuses to reuse either with 409). */
  isTaken(id: string): boolean {
    return this.#images.has(id) || this.#deleted.has(id);
  }

  /** Stores a new image. */
  add(image: ImageRecord): void {
    this.#images.set(image.id, image);
  }

  /** Moves an image to the deleted set with status `deleted`. */
  delete(id: string, now: string): void {
    const image = this.#images.get(id);
    if (!image) return;
    this.#images.delete(id);
    image.status = 'deleted';
    image.updated_at = now;
    this.#deleted.set(id, image);
  }

  /** Every live image, in insertion order. */
  all(): ImageRecord[] {
    return [...this.#images.values()];
  }
}
