import type { ImgFormat } from './image-bytes.ts';
import type { ImgStage } from './principals.ts';

/** One stored image: the public fields plus ownership and bytes. */
export interface StoredImage {
  readonly id: string;
  readonly account: string;
  readonly stage: ImgStage;
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly format: ImgFormat;
  readonly createdAt: string;
  /** Insertion order; the list order is `seq` descending, which is also newest `createdAt` first. */
  readonly seq: number;
  readonly bytes: Buffer;
  /** Whether the image is public; its `url` is then the CDN URL of `cdnPathOf(image)`. */
  published: boolean;
  deleted: boolean;
}

/** What a caller supplies to add an image; the store assigns `seq`. */
export type NewImage = Omit<StoredImage, 'seq' | 'published' | 'deleted'>;

/** The CDN path of an image: `/cdn/<account>/<id>.<format>`. */
export function cdnPathOf(image: Pick<StoredImage, 'account' | 'id' | 'format'>): string {
  return `/cdn/${image.account}/${image.id}.${image.format}`;
}

/**
 * In-memory images of every account and stage, plus what the CDN currently serves. Deleted images are
 * kept apart from live ones: their ids stay reserved and the use-after-free fault reads them, but a
 * listing walks only the live ones, so a long run's deletions do not make every later list slower.
 */
export class ImageStore {
  /** Live images in insertion order, which is `seq` ascending. */
  readonly #live = new Map<string, StoredImage>();
  readonly #deleted = new Map<string, StoredImage>();
  /** CDN path → image id; kept apart from `published` so "unpublished but still served" is expressible. */
  readonly #cdn = new Map<string, string>();
  #seq = 0;

  /** Adds an image, private, as the newest of its namespace. */
  add(image: NewImage): StoredImage {
    this.#seq += 1;
    const stored: StoredImage = { ...image, seq: this.#seq, published: false, deleted: false };
    this.#live.set(stored.id, stored);
    return stored;
  }

  /** A live (not deleted) image of this account and stage. */
  find(account: string, stage: ImgStage, id: string): StoredImage | undefined {
    const image = this.#live.get(id);
    return image && image.account === account && image.stage === stage ? image : undefined;
  }

  /** An image of this account and stage even if deleted (what a use-after-free bug reads). */
  findIncludingDeleted(account: string, stage: ImgStage, id: string): StoredImage | undefined {
    const image = this.#live.get(id) ?? this.#deleted.get(id);
    return image && image.account === account && image.stage === stage ? image : undefined;
  }

  /** A live image of any account (what a visibility-leak bug reads). */
  findAnyAccount(id: string): StoredImage | undefined {
    return this.#live.get(id);
  }

  /** Whether any image, in any account, ever had this id. */
  exists(id: string): boolean {
    return this.#live.has(id) || this.#deleted.has(id);
  }

  /** The live images of one namespace, newest first. */
  list(account: string, stage: ImgStage): StoredImage[] {
    const oldestFirst: StoredImage[] = [];
    for (const image of this.#live.values()) if (image.account === account && image.stage === stage) oldestFirst.push(image);
    return oldestFirst.reverse();
  }

  /** Marks an image deleted; its id stays reserved. */
  delete(image: StoredImage): void {
    image.deleted = true;
    this.#live.delete(image.id);
    this.#deleted.set(image.id, image);
  }

  /** Puts the image on the CDN under its path. */
  cdnPut(image: StoredImage): void {
    this.#cdn.set(cdnPathOf(image), image.id);
  }

  /** Takes the image off the CDN. */
  cdnRemove(image: StoredImage): void {
    this.#cdn.delete(cdnPathOf(image));
  }

  /** The image the CDN serves at `path`, if any. */
  cdnGet(path: string): StoredImage | undefined {
    const id = this.#cdn.get(path);
    return id === undefined ? undefined : (this.#live.get(id) ?? this.#deleted.get(id));
  }
}
