import { inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeImage, makeJpeg, makePng, makeWebp, mediaTypeOf, sniffImage, type ImgFormat } from './image-bytes.ts';

describe('image bytes', () => {
  it('should sniff back the format and size of every generated image', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<ImgFormat>('jpeg', 'png', 'webp'),
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 1, max: 2000 }),
        (format, width, height) => {
          // Act
          const info = sniffImage(makeImage(format, width, height));
          // Assert
          expect(info).toEqual({ format, width, height });
        },
      ),
      { seed: 4242, numRuns: 60 },
    );
  });

  it('should write a PNG whose image data inflates to one filtered row per line', () => {
    // Arrange
    const png = makePng(7, 3);
    // Act
    const idatLength = png.readUInt32BE(33);
    const raw = inflateSync(png.subarray(41, 41 + idatLength));
    // Assert
    expect(png.toString('ascii', 37, 41)).toBe('IDAT');
    expect(raw.length).toBe(3 * 8);
    expect(png.subarray(-8).toString('ascii', 0, 4)).toBe('IEND');
  });

  it('should frame the JPEG with SOI and EOI and never emit a stray 0xFF in the scan', () => {
    // Arrange
    const jpeg = makeJpeg(333, 77);
    // Act
    const scanStart = jpeg.indexOf(Buffer.from([0xff, 0xda]));
    const scan = jpeg.subarray(scanStart + 2 + jpeg.readUInt16BE(scanStart + 2), jpeg.length - 2);
    // Assert
    expect([...jpeg.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    expect([...jpeg.subarray(-2)]).toEqual([0xff, 0xd9]);
    expect(scan.includes(0xff)).toBe(false);
  });

  it('should give the WebP a RIFF size that matches its length', () => {
    // Arrange
    const webp = makeWebp(16384, 16384);
    // Assert
    expect(webp.readUInt32LE(4)).toBe(webp.length - 8);
    expect(webp.length % 2).toBe(0);
  });

  it.each([
    ['GIF', Buffer.from('GIF89a\x01\x00\x01\x00')],
    ['empty', Buffer.alloc(0)],
    ['a truncated PNG', makePng(4, 4).subarray(0, 20)],
    ['a JPEG without a frame', Buffer.from([0xff, 0xd8, 0xff, 0xd9])],
    ['a RIFF that is not WebP', Buffer.concat([Buffer.from('RIFF\x00\x00\x00\x00WAVE'), Buffer.alloc(20)])],
  ])('should not take %s for an image', (_label, bytes) => {
    expect(sniffImage(bytes)).toBeUndefined();
  });

  it('should name the media type of each format', () => {
    expect((['jpeg', 'png', 'webp'] as const).map(mediaTypeOf)).toEqual(['image/jpeg', 'image/png', 'image/webp']);
  });
});
