import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { DeferredWork } from './deferred-work.ts';

describe('DeferredWork', () => {
  it('should run nothing until the event loop has turned twice, then every task in the order deferred', async () => {
    const work = new DeferredWork();
    const ran: number[] = [];
    for (const n of [1, 2, 3]) work.defer(() => ran.push(n));
    await Promise.resolve();
    expect(ran).toEqual([]);
    expect(work.pending).toBe(3);
    await nextTurn();
    expect(ran).toEqual([]);
    await nextTurn();
    expect(ran).toEqual([1, 2, 3]);
    expect(work.pending).toBe(0);
  });

  it('should run after an immediate scheduled after it, as undici schedules the write of a request', async () => {
    const work = new DeferredWork();
    const order: string[] = [];
    work.defer(() => order.push('deferred work'));
    setImmediate(() => order.push('request written'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(order).toEqual(['request written', 'deferred work']);
  });

  it('should run what is left at once on settle, including tasks deferred by tasks', () => {
    const work = new DeferredWork();
    const ran: string[] = [];
    work.defer(() => {
      ran.push('a');
      work.defer(() => ran.push('c'));
    });
    work.defer(() => ran.push('b'));
    work.settle();
    expect(ran).toEqual(['a', 'b', 'c']);
  });

  it('should keep going after a task throws and rethrow the first error on settle, once', async () => {
    const work = new DeferredWork();
    const ran: number[] = [];
    work.defer(() => {
      throw new Error('first');
    });
    work.defer(() => {
      throw new Error('second');
    });
    work.defer(() => ran.push(3));
    await nextTurn();
    await nextTurn();
    expect(ran).toEqual([3]);
    expect(() => work.settle()).toThrow('first');
    expect(() => work.settle()).not.toThrow();
  });
});

describe('DeferredWork with a wake source', () => {
  it('should run the queue when woken, and stop listening on close', () => {
    let wake: (() => void) | undefined;
    let stopped = false;
    const work = new DeferredWork((listener) => {
      wake = listener;
      return () => {
        stopped = true;
      };
    });
    const ran: number[] = [];
    work.defer(() => ran.push(1));
    work.defer(() => ran.push(2));
    expect(ran).toEqual([]);
    wake?.();
    expect(ran).toEqual([1, 2]);
    work.defer(() => ran.push(3));
    work.close();
    expect(ran).toEqual([1, 2, 3]);
    expect(stopped).toBe(true);
  });

  it('should still run the queue when nothing wakes it', async () => {
    const work = new DeferredWork(() => () => undefined);
    const ran: number[] = [];
    work.defer(() => ran.push(1));
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(ran).toEqual([1]);
    work.close();
  });
});
