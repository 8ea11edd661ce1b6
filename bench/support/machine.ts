import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';

/** The machine figures were taken on, as RESULTS.md records it. */
export function describeMachine(): string {
  const cpu = /model name\s*:\s*(.+)/.exec(safeRead('/proc/cpuinfo'))?.[1] ?? 'unknown CPU';
  let uname = '';
  try {
    uname = execFileSync('uname', ['-a'], { encoding: 'utf8' }).trim();
  } catch {
    uname = `${process.platform} ${process.arch}`;
  }
  return [
    `date: ${new Date().toISOString()}`,
    `node: ${process.version}`,
    `cpu: ${cpu} × ${availableParallelism()}`,
    `memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `uname: ${uname}`,
  ].join('\n');
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
