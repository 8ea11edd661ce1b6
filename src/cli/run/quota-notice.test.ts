import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_APIS } from '../builtin-apis.ts';
import { quotaNotice } from './quota-notice.ts';

function planOf(api: 'glance' | 'prime' | 'img') {
  const { spec, suitesDir } = BUILTIN_APIS[api];
  return { api, sources: [spec], suiteFiles: readdirSync(suitesDir).filter((name) => name.endsWith('.test.ts')).map((name) => join(suitesDir, name)) };
}

const OPTIONS = { include: [], exclude: [], maxExamples: 25, rateLimitProbe: false };

describe('quotaNotice', () => {
  it("should give a quota-limited API's request estimate and the least time its quota allows for them", async () => {
    // Arrange, Act
    const notice = await quotaNotice(planOf('prime'), OPTIONS);

    // Assert: prime documents 100 per 60 s per IP and token; its estimate at the default size is 3 operations and 4 suite files.
    expect(notice).toMatch(/^prime: the document's quota is 100 requests per 60 s per ip and token; this run sends ~(\d+) requests \(contract ~\d+ at --max-examples 25\), at least ~\d+ min at that rate/);
    const requests = Number(/~(\d+) requests/.exec(notice ?? '')?.[1]);
    const minutes = Number(/at least ~(\d+) min/.exec(notice ?? '')?.[1]);
    expect(minutes).toBe(Math.ceil((requests / 100) * 60 / 60));
  });

  it('should send fewer requests, and say so, at a smaller --max-examples', async () => {
    // Arrange, Act
    const full = await quotaNotice(planOf('img'), OPTIONS);
    const small = await quotaNotice(planOf('img'), { ...OPTIONS, maxExamples: 2 });

    // Assert
    const count = (text: string | undefined): number => Number(/~(\d+) requests/.exec(text ?? '')?.[1]);
    expect(count(small)).toBeLessThan(count(full));
  });

  it('should say nothing for a document that states no quota', async () => {
    // Arrange, Act, Assert
    expect(await quotaNotice(planOf('glance'), OPTIONS)).toBeUndefined();
  });
});
