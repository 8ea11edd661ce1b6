import { spawn, type ChildProcess } from 'node:child_process';

/** A server started as a process of its own, as a user's deployment is. */
export interface ProcessServer {
  /** What it printed after `listening on`. */
  readonly url: string;
  readonly pid: number;
  close(): Promise<void>;
}

/**
 * Starts `node <script> ...args` and resolves once it prints `listening on URL` (within `timeoutMs`);
 * rejects with what it printed if it exits or stays silent.
 */
export function startProcessServer(
  script: string,
  args: readonly string[] = [],
  options: { readonly cwd?: string; readonly timeoutMs?: number; /** Before the script, e.g. `['--import', 'tsx']` for a TypeScript one. */ readonly nodeArgs?: readonly string[] } = {},
): Promise<ProcessServer> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...(options.cwd ? { cwd: options.cwd } : {}) });
  let printed = '';
  let listening = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} printed no 'listening on' line within ${timeoutMs} ms: ${printed}`));
    }, timeoutMs);
    // stdout stays read once it listens (a full pipe would stall a server that logs), but is not kept.
    const onData = (chunk: Buffer): void => {
      if (listening) return;
      printed += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(printed);
      if (!match?.[1] || child.pid === undefined) return;
      listening = true;
      clearTimeout(timer);
      resolve({
        url: match[1],
        pid: child.pid,
        close: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout?.on('data', onData);
    // Before it listens, what it says explains a failed start; after, it is passed on, as a server's log would be.
    child.stderr?.on('data', (chunk: Buffer) => {
      if (listening) process.stderr.write(chunk);
      else printed += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code}) before listening: ${printed}`));
    });
  });
}
