import { deflateSync } from 'node:zlib';

/**
 * Tiny, valid, deterministic images of any size in the three documented formats (uniform colour, so
 * they stay a few hundred bytes), and the sniffer that reads format and size back from uploaded bytes.
 */

/** The image formats the API documents. */
export type ImgFormat = 'jpeg' | 'png' | 'webp';

/** What the sniffer learns from an image file. */
export interface ImageInfo {
  readonly format: ImgFormat;
  readonly width: number;
  readonly height: number;
}

/** The media type a format is served with. */
export function mediaTypeOf(format: ImgFormat): string {
  return `image/${format}`;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** An 8-bit greyscale PNG filled with one shade. */
export function makePng(width: number, height: number, shade = 0x80): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // bit depth 8, greyscale, deflate, no filter method variant, no interlace
  const row = Buffer.alloc(width + 1, shade);
  row[0] = 0; // filter type None
  const raw = Buffer.alloc(row.length * height);
  for (let y = 0; y < height; y += 1) row.copy(raw, y * row.length);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function jpegSegment(marker: number, payload: readonly number[]): number[] {
  const length = payload.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...payload];
}

/**
 * A baseline greyscale JPEG of mid grey: every 8x8 block is "DC difference 0, end of block", which with
 * one-symbol Huffman tables (code `0` each) costs two bits per block.
 */
export function makeJpeg(width: number, height: number): Buffer {
  const quant = jpegSegment(0xdb, [0x00, ...new Array<number>(64).fill(1)]);
  const frame = jpegSegment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]);
  const oneSymbol = (tableClassAndId: number): number[] =>
    jpegSegment(0xc4, [tableClassAndId, 1, ...new Array<number>(15).fill(0), 0x00]);
  const scan = jpegSegment(0xda, [1, 1, 0x00, 0, 63, 0]);
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  const bits = blocks * 2;
  const data = Buffer.alloc(Math.ceil(bits / 8), 0);
  const padding = data.length * 8 - bits;
  // Unused bits of the last byte are 1s, as the standard requires; they never make an 0xFF byte here.
  if (padding > 0) data[data.length - 1] = (1 << padding) - 1;
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    Buffer.from(quant),
    Buffer.from(frame),
    Buffer.from(oneSymbol(0x00)),
    Buffer.from(oneSymbol(0x10)),
    Buffer.from(scan),
    data,
    Buffer.from([0xff, 0xd9]),
  ]);
}

class BitWriter {
  readonly #bytes: number[] = [];
  #bit = 0;

  /** Writes `count` bits of `value`, least significant first (VP8L order). */
  write(value: number, count: number): void {
    for (let i = 0; i < count; i += 1) {
      if (this.#bit % 8 === 0) this.#bytes.push(0);
      const last = this.#bytes.length - 1;
      this.#bytes[last] = (this.#bytes[last] ?? 0) | (((value >>> i) & 1) << (this.#bit % 8));
      this.#bit += 1;
    }
  }

  bytes(): Buffer {
    return Buffer.from(this.#bytes);
  }
}

/**
 * A lossless (VP8L) WebP of one opaque black colour: five one-symbol prefix codes, so the pixels
 * themselves take zero bits whatever the size.
 */
export function makeWebp(width: number, height: number): Buffer {
  const writer = new BitWriter();
  writer.write(0x2f, 8); // VP8L signature
  writer.write(width - 1, 14);
  writer.write(height - 1, 14);
  writer.write(0, 1); // alpha not used
  writer.write(0, 3); // version 0
  writer.write(0, 1); // no transform
  writer.write(0, 1); // no colour cache
  writer.write(0, 1); // no meta prefix codes
  const simpleCode = (symbol: number): void => {
    writer.write(1, 1); // simple code
    writer.write(0, 1); // one symbol
    const wide = symbol > 1 ? 1 : 0;
    writer.write(wide, 1);
    writer.write(symbol, wide ? 8 : 1);
  };
  simpleCode(0); // green
  simpleCode(0); // red
  simpleCode(0); // blue
  simpleCode(255); // alpha
  simpleCode(0); // distance
  const payload = writer.bytes();
  const padded = payload.length % 2 === 1 ? Buffer.concat([payload, Buffer.alloc(1)]) : payload;
  const chunkHeader = Buffer.alloc(8);
  chunkHeader.write('VP8L', 0, 'ascii');
  chunkHeader.writeUInt32LE(payload.length, 4);
  const riff = Buffer.alloc(12);
  riff.write('RIFF', 0, 'ascii');
  riff.writeUInt32LE(4 + chunkHeader.length + padded.length, 4);
  riff.write('WEBP', 8, 'ascii');
  return Buffer.concat([riff, chunkHeader, padded]);
}

/** A tiny valid image of the given format and size. */
export function makeImage(format: ImgFormat, width: number, height: number): Buffer {
  if (format === 'png') return makePng(width, height);
  if (format === 'jpeg') return makeJpeg(width, height);
  return makeWebp(width, height);
}

function sniffPng(bytes: Buffer): ImageInfo | undefined {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || !signature.every((value, index) => bytes[index] === value)) return undefined;
  if (bytes.toString('ascii', 12, 16) !== 'IHDR') return undefined;
  return { format: 'png', width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function sniffJpeg(bytes: Buffer): ImageInfo | undefined {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let offset = 2;
  // Bounded by the buffer: each step moves past one segment.
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1] ?? 0;
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01 || marker === 0xff) {
      offset += marker === 0xff ? 1 : 2;
      continue;
    }
    const length = bytes.readUInt16BE(offset + 2);
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (offset + 9 > bytes.length) return undefined;
      return { format: 'jpeg', height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
    }
    if (length < 2) return undefined;
    offset += 2 + length;
  }
  return undefined;
}

function sniffWebp(bytes: Buffer): ImageInfo | undefined {
  if (bytes.length < 25 || bytes.toString('ascii', 0, 4) !== 'RIFF' || bytes.toString('ascii', 8, 12) !== 'WEBP') {
    return undefined;
  }
  const chunk = bytes.toString('ascii', 12, 16);
  if (chunk === 'VP8L' && bytes[20] === 0x2f) {
    const bits = bytes.readUInt32LE(21);
    return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8 ' && bytes.length >= 30 && bytes[23] === 0x9d && bytes[24] === 0x01 && bytes[25] === 0x2a) {
    return { format: 'webp', width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff };
  }
  if (chunk === 'VP8X' && bytes.length >= 30) {
    return { format: 'webp', width: bytes.readUIntLE(24, 3) + 1, height: bytes.readUIntLE(27, 3) + 1 };
  }
  return undefined;
}

/** Format and size of a jpeg, png or webp file, or undefined for anything else. */
export function sniffImage(bytes: Buffer): ImageInfo | undefined {
  const info = sniffPng(bytes) ?? sniffJpeg(bytes) ?? sniffWebp(bytes);
  return info && info.width > 0 && info.height > 0 ? info : undefined;
}
