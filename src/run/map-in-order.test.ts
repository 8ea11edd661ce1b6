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

  it('should stop claiming items after a task throws, and reject only once every lane has stopped', async () => {
    // Arrange: item 1 throws while items 0 and 2 are still in flight.
    const started: number[] = [];
    let settledInFlight = 0;
    const items = Array.from({ length: 8 }, (_, index) => index);

    // Act
    const outcome = await mapInOrder(items, 3, async (item) => {
      started.push(item);
      if (item === 1) throw new Error('boom');
      await new Promise((resolve) => setTimeout(resolve, 5));
      settledInFlight += 1;
      return item;
    }).catch((error: unknown) => error);

    // Assert
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toBe('boom');
    expect(started).toEqual([0, 1, 2]);
    expect(settledInFlight).toBe(2);
  });
});
