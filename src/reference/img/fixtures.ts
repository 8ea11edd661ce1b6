import { createHash } from 'node:crypto';
import { makeImage, type ImgFormat } from './image-bytes.ts';
import type { ImgStage } from './principals.ts';
import type { ImageStore, NewImage } from './store.ts';

/** A stable image id: `image_` and 24 hex digits of a hash of where the image comes from. */
export function imageIdFor(seed: string): string {
  return `image_${createHash('sha256').update(seed).digest('hex').slice(0, 24)}`;
}

const FORMATS: readonly ImgFormat[] = ['jpeg', 'png', 'webp'];
const EPOCH_MS = Date.UTC(2024, 7, 7, 12, 0, 0);

interface FixtureSpec {
  readonly account: string;
  readonly stage: ImgStage;
  readonly count: number;
  /** Indexes (0-based, oldest first) seeded as published. */
  readonly published: readonly number[];
}

const FIXTURES: readonly FixtureSpec[] = [
  { account: 'owner', stage: 'live', count: 5, published: [1] },
  { account: 'owner', stage: 'test', count: 2, published: [] },
  { account: 'other', stage: 'live', count: 3, published: [0] },
];

// `conform run` starts an IMG server per suite file, each seeded with the same images: encoding them
// once (~10 ms each, CRC and deflate in JS) keeps ~60 ms off the run's start. Nothing writes into them.
const encoded = new Map<string, Buffer>();

function fixtureBytes(format: ImgFormat, width: number, height: number): Buffer {
  const key = `${format} ${width}x${height}`;
  let bytes = encoded.get(key);
  if (!bytes) encoded.set(key, (bytes = makeImage(format, width, height)));
  return bytes;
}

function fixtureImage(account: string, stage: ImgStage, index: number, minuteOffset: number): NewImage {
  const format = FORMATS[index % FORMATS.length] ?? 'png';
  const width = 64 + ((index * 37) % 448);
  const height = 48 + ((index * 53) % 336);
  const bytes = fixtureBytes(format, width, height);
  return {
    id: imageIdFor(`${account}:${stage}:${index}`),
    account,
    stage,
    name: `${account}-${stage}-${index}`,
    width,
    height,
    format,
    createdAt: new Date(EPOCH_MS + minuteOffset * 60_000).toISOString(),
    bytes,
  };
}

/**
 * Seeds the fixed images (a few per account and stage, one published in owner/live and other/live) and
 * `extra` more per account in its live stage. Ids and timestamps depend only on position, never on the clock.
 */
export function seedImages(store: ImageStore, extra: number): void {
  let minute = 0;
  for (const spec of FIXTURES) {
    const total = spec.count + (spec.stage === 'live' ? extra : 0);
    for (let index = 0; index < total; index += 1) {
      minute += 1;
      const stored = store.add(fixtureImage(spec.account, spec.stage, index, minute));
      if (spec.published.includes(index)) {
        stored.published = true;
        store.cdnPut(stored);
      }
    }
  }
}
