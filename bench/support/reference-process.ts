import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import type { ReferenceApiName } from '../../src/reference/types.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** A reference server running in its own process: it gets its own core, as a real target would. */
export interface ReferenceProcess {
  /** `http://127.0.0.1:PORT` (without the API's base path). */
  readonly url: string;
  readonly pid: number;
  close(): Promise<void>;
}

/**
 * Starts `conform serve <api>` as a child process and resolves once it prints its URL. The quota
 * window is 1 ms so the documented 100/min never throttles a benchmark of thousands of requests.
 */
export async function startReferenceProcess(api: ReferenceApiName, faults: readonly string[] = []): Promise<ReferenceProcess> {
  const args = [join(ROOT, 'bin', 'conform.js'), 'serve', api, '--port', '0', '--rate-window-ms', '1', ...faults.flatMap((fault) => ['--fault', fault])];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const stdout = child.stdout;
  if (!stdout || child.pid === undefined) throw new Error(`could not start conform serve ${api}`);
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: stdout });
    lines.once('line', (line) => {
      const match = /listening on (\S+)/.exec(line);
      if (match?.[1]) resolve(match[1]);
      else reject(new Error(`conform serve ${api}: unexpected first line ${line}`));
    });
    child.once('exit', (code) => reject(new Error(`conform serve ${api} exited with ${String(code)} before listening`)));
  });
  const pid = child.pid;
  return {
    url,
    pid,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
