import { describe, expect, it } from 'vitest';
import { main } from './main.ts';
import { captureOutput } from './capture-output.ts';

describe('main', () => {
  it('should exit 0 and list the commands for --help', async () => {
    const output = captureOutput();
    const status = await main(['--help'], output);
    expect(status).toBe(0);
    expect(output.stdout.join('\n')).toMatch(/Usage: conform/);
  });

  it('should exit 2 for an unknown command without a stack trace', async () => {
    const output = captureOutput();
    const status = await main(['frobnicate'], output);
    expect(status).toBe(2);
    expect(output.stderr.join('\n')).toMatch(/unknown command 'frobnicate'/);
    expect(output.stderr.join('\n')).not.toMatch(/\n\s+at /);
  });

  it('should exit 2 for a bad option value', async () => {
    const output = captureOutput();
    const status = await main(['serve', 'glance', '--port', 'x'], output);
    expect(status).toBe(2);
    expect(output.stderr.join('\n')).toMatch(/expected a whole number/);
  });

  it('should exit 2 for an unknown reference API', async () => {
    const output = captureOutput();
    const status = await main(['serve', 'nope'], output);
    expect(status).toBe(2);
    expect(output.stderr.join('\n')).toMatch(/expected one of glance, prime, img/);
  });
});
