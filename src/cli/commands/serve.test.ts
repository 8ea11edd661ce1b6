import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'conform.js');

describe('conform serve', () => {
  it('should print "listening on URL" first, serve, and exit 0 on SIGTERM', async () => {
    // Arrange
    const child = spawn(process.execPath, [BIN, 'serve', 'prime', '--port', '0', '--fault', 'rate_limit_enforced/never-429'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = createInterface({ input: child.stdout });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // Act
    const first = await new Promise<string>((resolve) => lines.once('line', resolve));
    const url = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(first)?.[1];
    const reply = url ? await fetch(`${url}/api/v1/images`, { headers: { authorization: 'Bearer prime-owner-token' } }) : undefined;
    child.kill('SIGTERM');
    // Assert
    expect(url).toBeDefined();
    expect(reply?.status).toBe(200);
    expect(await exited).toBe(0);
  });

  it('should refuse an unknown fault with exit 2 and one line', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', 'glance', '--fault', 'no/such-fault'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(2);
    expect(stderr.trim().split('\n').filter((line) => line.startsWith('conform:'))).toEqual([expect.stringMatching(/unknown fault 'no\/such-fault'/)]);
  });
});
