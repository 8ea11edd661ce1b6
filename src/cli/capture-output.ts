import type { CliOutput } from './output.ts';

/** A `CliOutput` that keeps every line, for running `main()` in-process. */
export function captureOutput(): CliOutput & { readonly stdout: string[]; readonly stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (text) => stdout.push(...text.split('\n')),
    err: (text) => stderr.push(...text.split('\n')),
  };
}
