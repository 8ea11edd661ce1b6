import { describe, expect, it } from 'vitest';
import { mapInOrder } from './map-in-order.ts';

describe('mapInOrder', () => {
  it('should return results in item order when later items finish first', async () => {
    // Arrange: each task resolves after the ones behind it, released in reverse order.
    const releases: Array<() => void> = [];
    const items = [0, 1, 2, 3];

    // Act
    const pending = mapInOrder(items, 4, (item) => new Promise<number>((resolve) => releases.push(() => resolve(item * 10))));
    await Promise.resolve();
    for (const release of [...releases].reverse()) release();
    const results = await pending;

    // Assert
    expect(releases).toHaveLength(4);
    expect(results).toEqual([0, 10, 20, 30]);
  });

  it('should keep at most limit tasks in flight', async () => {
    // Arrange
    let inFlight = 0;
    let peak = 0;
    const items = Array.from({ length: 10 }, (_, index) => index);

    // Act
    await mapInOrder(items, 3, async () => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
    });

    // Assert
    expect(peak).toBe(3);
  });
});
