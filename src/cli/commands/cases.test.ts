import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../main.ts';

async function run(argv: string[], env: Record<string, string> = {}): Promise<{ status: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const status = await main(argv, { out: (line) => out.push(line), err: (line) => err.push(line) });
    return { status, out, err };
  } finally {
    process.env = saved;
  }
}

describe('conform cases', () => {
  it('should print one JSON case per line with the documented fields', async () => {
    // Act
    const { status, out } = await run(['cases', 'specs/prime-intellect.yaml', '--json', '--seed', '4', '--count', '3', '--mode', 'negative']);
    // Assert
    expect(status).toBe(0);
    const cases = out.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      expect(Object.keys(c)).toEqual(expect.arrayContaining(['operationId', 'method', 'path', 'query', 'headers', 'mode', 'violates']));
      expect(c.mode).toBe('negative');
    }
  });

  it('should print the same cases for the same seed', async () => {
    const first = await run(['cases', 'specs/glance-v2.yaml', '--json', '--seed', '9', '--count', '2']);
    const second = await run(['cases', 'specs/glance-v2.yaml', '--json', '--seed', '9', '--count', '2']);
    expect(second.out).toEqual(first.out);
  });

  it('should attach the principal from the file and print it redacted', async () => {
    // Arrange
    const dir = mkdtempSync(join(tmpdir(), 'conform-cases-'));
    const file = join(dir, 'principals.json');
    writeFileSync(file, JSON.stringify({ alice: { headers: { 'X-Auth-Token': '${CONFORM_TEST_TOKEN}' } } }));
    // Act
    const { status, out } = await run(['cases', 'specs/glance-v2.yaml', '--json', '--seed', '1', '--count', '1', '--operation', 'listImages', '--principals', file, '--principal', 'alice'], { CONFORM_TEST_TOKEN: 'very-secret-value' });
    // Assert
    expect(status).toBe(0);
    expect(out.join('\n')).not.toContain('very-secret-value');
    expect((JSON.parse(out[0] as string) as { headers: Record<string, string> }).headers['X-Auth-Token']).toBe('[REDACTED]');
  });

  it('should exit 2 with one line for an unknown operation', async () => {
    // Act
    const { status, err } = await run(['cases', 'specs/glance-v2.yaml', '--operation', 'nope', '--seed', '1']);
    // Assert
    expect(status).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^conform: CONFORM_USAGE: unknown operation 'nope'/);
  });
});
