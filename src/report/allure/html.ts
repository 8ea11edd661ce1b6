import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../../package-root.ts';

/** Where the HTML went, or why there is none. */
export interface AllureHtml {
  readonly index?: string;
  readonly problem?: string;
}

/** An Allure renderer started ahead of its results (see render-process.ts). */
export interface AllureRenderer {
  /** Renders its results directory, once complete, titled `name`; the first call decides, later calls get the same answer. */
  render(name?: string): Promise<AllureHtml>;
  /** Ends the renderer without rendering (a run that ended before it had results). */
  cancel(): void;
  /** The renderer's process. */
  readonly pid: number | undefined;
}

/** Below everything else: it loads Allure on CPU the run leaves idle, not on the run's. */
const RENDERER_NICENESS = 19;

/**
 * Puts the renderer below conform's own work. A session of its own is also an autogroup of its own
 * where Linux has autogroups on (the default on most distributions): the scheduler then shares the CPU
 * between conform's group and the renderer's, and a process's niceness only ranks it within its group,
 * so the group's niceness is lowered as well (measured on 2 cores: the renderer took ~1 core during
 * the run's first 1.3 s, where conform's start-up is its critical path). Either may be refused: only
 * the order of work changes, and the renderer then competes for CPU like any process.
 */
function lowerPriority(pid: number): void {
  try {
    setPriority(pid, RENDERER_NICENESS);
  } catch {
    // See above.
  }
  try {
    writeFileSync(`/proc/${pid}/autogroup`, String(RENDERER_NICENESS));
  } catch {
    // No autogroups here (another OS, a kernel without them): the process's niceness is all there is.
  }
}

function rendererCommand(): string[] {
  const self = fileURLToPath(import.meta.url);
  // From the TypeScript sources (bin/conform.js with a stale build, the tests) the process needs tsx.
  return self.endsWith('.ts') ? ['--import', 'tsx', join(self, '..', 'render-process.ts')] : [join(self, '..', 'render-process.js')];
}

/**
 * Starts Allure 3's renderer (pure JS, no Java) for `htmlDir` now, so that loading it and reading the
 * results that `resultsDir` receives overlap the run. A missing HTML report must not turn a conformant
 * run into a failed one: failures come back as a `problem`, never as a rejection.
 */
export function startAllureRenderer(htmlDir: string, resultsDir: string, options: { readonly deferIngest?: boolean } = {}): AllureRenderer {
  // A process group of its own: a Ctrl-C at the terminal reaches conform's group, and conform decides
  // what an interrupt means (it still renders what ran). Its stdin closing ends it, whatever ends conform.
  // It runs in conform's folder, where `--import tsx` resolves, and reads Allure's configuration from the user's.
  const child = spawn(process.execPath, [...rendererCommand(), htmlDir, process.cwd(), resultsDir, options.deferIngest ? 'defer' : 'stream'], { cwd: PACKAGE_ROOT, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  if (child.pid !== undefined) lowerPriority(child.pid);
  const output: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  // A renderer that died early must not fail the run through an EPIPE on its stdin.
  child.stdin.on('error', () => undefined);
  const exited = new Promise<number>((resolve) => {
    child.on('close', (status) => resolve(status ?? 1));
    child.on('error', () => resolve(1));
  });
  let answer: Promise<AllureHtml> | undefined;
  return {
    pid: child.pid,
    render(name?: string) {
      answer ??= (async (): Promise<AllureHtml> => {
        if (!existsSync(resultsDir) || readdirSync(resultsDir).length === 0) {
          child.kill();
          return { problem: 'no Allure results were written' };
        }
        child.stdin.end(`render${name === undefined ? '' : ` ${JSON.stringify({ name })}`}\n`);
        const code = await exited;
        const index = join(htmlDir, 'index.html');
        if (code !== 0 || !existsSync(index)) return { problem: `allure generate failed: ${output.join('').trim().split('\n').at(-1) || `exit ${code}`}` };
        return { index };
      })();
      return answer;
    },
    cancel() {
      if (answer) return;
      answer = Promise.resolve({ problem: 'not rendered' });
      child.kill();
    },
  };
}

/** Renders Allure results into an HTML report: {@link startAllureRenderer} without the head start. */
export function renderAllureHtml(resultsDir: string, htmlDir: string): Promise<AllureHtml> {
  return startAllureRenderer(htmlDir, resultsDir).render();
}
