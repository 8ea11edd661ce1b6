import { spawn, type ChildProcess } from 'node:child_process';

/** A server started as a process of its own, as a user's deployment is. */
export interface ProcessServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts `node <script> ...args` and resolves once it prints `listening on URL` (within `timeoutMs`);
 * rejects with what it printed if it exits or stays silent.
 */
export function startProcessServer(script: string, args: readonly string[] = [], timeoutMs = 20_000): Promise<ProcessServer> {
  const child: ChildProcess = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let printed = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} printed no 'listening on' line within ${timeoutMs} ms: ${printed}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      printed += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(printed);
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      const url = match[1];
      resolve({
        url,
        close: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code}) before listening: ${printed}`));
    });
  });
}
