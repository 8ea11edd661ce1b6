import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { childrenCpuMs, processCpuMs } from './proc-cpu.ts';

const onLinux = process.platform === 'linux';

describe.runIf(onLinux)('proc-cpu', () => {
  it("reads a running process's CPU as it grows, and nothing for a process that is gone", async () => {
    // A child that burns a bounded amount of CPU, says so, then waits to be killed.
    const child = spawn(process.execPath, ['-e', 'while (process.cpuUsage().user < 400_000); process.stdout.write("done"); setInterval(() => {}, 1000);'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const pid = child.pid ?? -1;
      const before = processCpuMs(pid);
      expect(before).toBeTypeOf('number');
      if (child.stdout) await once(child.stdout, 'data');
      const after = processCpuMs(pid) ?? 0;
      // The loop alone is 400 ms of user CPU, however busy the machine; ticks are 10 ms.
      expect(after - (before ?? 0)).toBeGreaterThanOrEqual(300);
    } finally {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
    expect(processCpuMs(child.pid ?? -1)).toBeUndefined();
  });

  it("counts a waited-for child's CPU among this process's children", async () => {
    const before = childrenCpuMs() ?? 0;
    const child = spawn(process.execPath, ['-e', 'while (process.cpuUsage().user < 300_000);'], { stdio: 'ignore' });
    await once(child, 'exit');
    expect((childrenCpuMs() ?? 0) - before).toBeGreaterThanOrEqual(200);
  });
});
