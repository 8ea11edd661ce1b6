import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Utf8Batch } from './utf8-batch.ts';

describe('Utf8Batch', () => {
  it('should hand back exactly the UTF-8 of everything appended, however it is split and taken', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ unit: 'binary', maxLength: 200 }), fc.boolean())), fc.integer({ min: 1, max: 64 }), (parts, capacity) => {
        const batch = new Utf8Batch(capacity);
        const taken: Buffer[] = [];
        for (const [text, takeAfter] of parts) {
          batch.append(text);
          const chunk = takeAfter ? batch.take() : undefined;
          if (chunk) taken.push(chunk);
        }
        const rest = batch.take();
        if (rest) taken.push(rest);
        expect(Buffer.concat(taken).equals(Buffer.from(parts.map(([text]) => text).join(''), 'utf8'))).toBe(true);
        expect(batch.bytes).toBe(0);
      }),
      { seed: 1234, numRuns: 2000 },
    );
  });

  it('should not let a later append change bytes already taken', () => {
    const batch = new Utf8Batch(16);
    batch.append('first');
    const first = batch.take();
    batch.append('SECOND');
    expect(first?.toString()).toBe('first');
  });
});
