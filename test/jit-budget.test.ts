import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../src/package-root.ts';

/** How many functions V8 optimized with TurboFan while `conform cases` ran with `nodeFlags` (from its --trace-opt lines). */
async function turbofanCompilations(nodeFlags: readonly string[]): Promise<number> {
  const args = [...nodeFlags, '--trace-opt', join(PACKAGE_ROOT, 'bin', 'conform.js'), 'cases', join(PACKAGE_ROOT, 'specs', 'glance-v2.yaml'), '--count', '200', '--json', '--seed', '1'];
  const child = spawn(process.execPath, args, { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
  let compilations = 0;
  let partial = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('[completed optimizing')) compilations += 1;
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(code).toBe(0);
  return compilations;
}

describe("conform's JIT budget (bin/conform.js)", () => {
  it("should make V8 optimize far fewer functions than at V8's default budget, which a budget on the command line restores", async () => {
    // Act: the same cases, the second time with V8's own default given explicitly, which conform leaves alone.
    const withConformsBudget = await turbofanCompilations([]);
    const withV8Default = await turbofanCompilations(['--interrupt-budget=67584']);
    // Assert: measured 47 against 120; a budget that did not take effect gives about the same count twice.
    expect(withV8Default).toBeGreaterThan(40);
    expect(withConformsBudget).toBeLessThan(withV8Default * 0.7);
  }, 60_000);
});
