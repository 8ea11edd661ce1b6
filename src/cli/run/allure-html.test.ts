import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderAllureHtml, startAllureRenderer } from './allure-html.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A results directory holding one passed test named `name`. */
function results(name: string): { root: string; resultsDir: string; htmlDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'conform-allure-'));
  dirs.push(root);
  const resultsDir = join(root, 'allure-results');
  mkdirSync(resultsDir);
  const result = { uuid: '3f6f1a52-0000-4000-8000-000000000001', name, fullName: `suite > ${name}`, status: 'passed', stage: 'finished', start: 1_700_000_000_000, stop: 1_700_000_000_010, labels: [], steps: [], attachments: [], parameters: [], links: [] };
  writeFileSync(join(resultsDir, `${result.uuid}-result.json`), JSON.stringify(result));
  return { root, resultsDir, htmlDir: join(root, 'html') };
}

describe('startAllureRenderer', () => {
  it('renders the results it is given once they exist', async () => {
    const { root, htmlDir } = results('unused');
    const renderer = startAllureRenderer(htmlDir);
    // The results are written after the renderer started, as vitest writes them during the run.
    const late = join(root, 'late-results');
    mkdirSync(late);
    writeFileSync(join(late, 'a-result.json'), readFileSync(join(root, 'allure-results', '3f6f1a52-0000-4000-8000-000000000001-result.json')).toString().replace('unused', 'written late'));
    const html = await renderer.render(late);
    expect(html).toEqual({ index: join(htmlDir, 'index.html') });
    expect(readFileSync(join(htmlDir, 'test-results.json'), 'utf8')).toContain('written late');
    expect(await renderer.render(late)).toBe(html);
  });

  it('reports no results as a problem, without an HTML directory', async () => {
    const { root, htmlDir } = results('x');
    const empty = join(root, 'empty');
    mkdirSync(empty);
    expect(await startAllureRenderer(htmlDir).render(empty)).toEqual({ problem: 'no Allure results were written' });
    expect(await startAllureRenderer(htmlDir).render(join(root, 'absent'))).toEqual({ problem: 'no Allure results were written' });
    expect(existsSync(htmlDir)).toBe(false);
  });

  it('renders nothing once cancelled', async () => {
    const { resultsDir, htmlDir } = results('x');
    const renderer = startAllureRenderer(htmlDir);
    renderer.cancel();
    expect(await renderer.render(resultsDir)).toEqual({ problem: 'not rendered' });
    expect(existsSync(htmlDir)).toBe(false);
  });

  it("reads Allure's configuration from the folder conform runs in, as allure generate there would", async () => {
    const { root, resultsDir, htmlDir } = results('x');
    writeFileSync(join(root, 'allurerc.json'), JSON.stringify({ name: 'Named by allurerc' }));
    const cwd = process.cwd();
    process.chdir(root);
    try {
      expect((await startAllureRenderer(htmlDir).render(resultsDir)).index).toBeDefined();
    } finally {
      process.chdir(cwd);
    }
    const summary: unknown = JSON.parse(readFileSync(join(htmlDir, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ name: 'Named by allurerc' });
  });

  it('turns a failed rendering into a problem line, not a rejection', async () => {
    const { root, resultsDir } = results('x');
    writeFileSync(join(root, 'a-file'), '');
    const html = await renderAllureHtml(resultsDir, join(root, 'a-file', 'html'));
    expect(html.index).toBeUndefined();
    expect(html.problem).toMatch(/^allure generate failed: .+/);
  });
});

describe('the renderer process', () => {
  /** The process group of `pid` (Linux: field 5 of /proc/<pid>/stat). */
  const groupOf = (pid: number | string): string => readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[2] ?? '';

  it('is outside conform\'s process group, which a Ctrl-C at the terminal reaches', async () => {
    const { resultsDir, htmlDir } = results('after ctrl-c');
    const renderer = startAllureRenderer(htmlDir);
    expect(renderer.pid).toBeDefined();
    expect(groupOf(renderer.pid ?? 0)).not.toBe(groupOf('self'));
    expect((await renderer.render(resultsDir)).index).toBe(join(htmlDir, 'index.html'));
  });

  it('runs below conform, in its own session\'s scheduling group too', async () => {
    const { resultsDir, htmlDir } = results('lowered');
    const renderer = startAllureRenderer(htmlDir);
    const pid = renderer.pid ?? 0;
    // Linux with autogroups: a session of its own is a scheduling group of its own, ranked against conform's by the group's niceness.
    const autogroup = existsSync(`/proc/${pid}/autogroup`) ? readFileSync(`/proc/${pid}/autogroup`, 'utf8') : undefined;
    const niceness = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[16]);
    expect(niceness).toBe(19);
    if (autogroup !== undefined) {
      expect(autogroup).toMatch(/ nice 19\n?$/);
      expect(autogroup).not.toBe(readFileSync('/proc/self/autogroup', 'utf8'));
    }
    expect((await renderer.render(resultsDir)).index).toBe(join(htmlDir, 'index.html'));
  });

  it('ends without rendering when its stdin closes without a results directory', async () => {
    const { htmlDir } = results('x');
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'allure-render-process.ts'), htmlDir], { stdio: ['pipe', 'ignore', 'ignore'] });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stdin.end();
    expect(await exited).toBe(0);
    expect(existsSync(htmlDir)).toBe(false);
  });
});
