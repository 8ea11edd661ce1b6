import { readFileSync } from 'node:fs';

// /proc reports in USER_HZ clock ticks, 100 per second on every Linux ABI.
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system, ms) of this process's children that have exited and been waited for,
 * their own waited-for descendants included: the difference across one child's life is the CPU of its
 * whole process tree (for `conform run`: the main process, every vitest worker, Allure's generator).
 * Undefined where /proc is not there (not Linux).
 */
export function childrenCpuMs(): number | undefined {
  let stat: string;
  try {
    stat = readFileSync('/proc/self/stat', 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cutime = Number(fields[13]);
  const cstime = Number(fields[14]);
  return Number.isFinite(cutime) && Number.isFinite(cstime) ? ((cutime + cstime) * 1000) / TICKS_PER_SECOND : undefined;
}
