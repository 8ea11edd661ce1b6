import { readFileSync } from 'node:fs';

// /proc reports in USER_HZ clock ticks, 100 per second on every Linux ABI.
const TICKS_PER_SECOND = 100;

/** The fields of `/proc/<pid>/stat` after the command name, or undefined where /proc is not there (not Linux) or the process is gone. */
function statFields(pid: number | 'self'): string[] | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** Two tick counts of a stat line as milliseconds, at `first` and `first + 1` of the fields after the command name. */
function tickPairMs(fields: string[] | undefined, first: number): number | undefined {
  const user = Number(fields?.[first]);
  const system = Number(fields?.[first + 1]);
  return Number.isFinite(user) && Number.isFinite(system) ? ((user + system) * 1000) / TICKS_PER_SECOND : undefined;
}

/**
 * CPU time (user + system, ms) of this process's children that have exited and been waited for,
 * their own waited-for descendants included: the difference across one child's life is the CPU of its
 * whole process tree (for `conform run`: the main process, every vitest worker, Allure's generator).
 * Undefined where /proc is not there (not Linux).
 */
export function childrenCpuMs(): number | undefined {
  return tickPairMs(statFields('self'), 13);
}

/**
 * CPU time (user + system, ms) another running process has used so far, all its threads: how the
 * benchmarks read a reference server's cost per request. Undefined where /proc is not there.
 */
export function processCpuMs(pid: number): number | undefined {
  return tickPairMs(statFields(pid), 11);
}
