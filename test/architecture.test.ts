import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

/**
 * The one-way data flow: a stage may import only from stages to its left (and itself). vitest/ (the
 * suite-authoring functions and the driver that runs suite files) comes after report/: it composes
 * the engine with the reporters (Allure's is a vitest reporter).
 */
const STAGES = ['base', 'openapi', 'generate', 'transport', 'checks', 'run', 'report', 'vitest', 'cli'] as const;
/** reference/ is outside the flow: it may use errors, openapi and checks (for fault ids) only. */
const REFERENCE_MAY_IMPORT = new Set(['base', 'openapi', 'checks', 'reference']);

/** The public API (`src/index.ts`, what `import … from 'conform'` gives): re-exports of any stage, imported by none. */
const PUBLIC_ENTRY = join(src, 'index.ts');

/** The list of built-in API definitions (`suites/<name>/api.ts`): the one file of suites/ that src/ reads, from cli/ only. */
const API_LIST = join(root, 'suites', 'apis.ts');

function stageOf(file: string): string {
  if (file === PUBLIC_ENTRY) return 'public';
  if (file === API_LIST) return 'apis';
  const [first] = relative(src, file).split(sep);
  if (!first || first.endsWith('.ts')) return 'base';
  return first;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

function relativeImports(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles.map((entry) => entry.fileName).filter((name) => name.startsWith('.'));
}

function violation(from: string, to: string): string | undefined {
  const fromStage = stageOf(from);
  const toStage = stageOf(to.endsWith('.ts') ? to : `${to}.ts`);
  if (toStage === 'public') return 'nothing in src/ may import the public entry (it re-exports the stages)';
  if (toStage === 'apis') return fromStage === 'cli' ? undefined : 'only cli/ may read the built-in API definitions (suites/apis.ts)';
  if (fromStage === 'public') return toStage === 'reference' || toStage === 'cli' ? 'the public entry re-exports the pipeline; reference servers are conform/reference' : undefined;
  if (fromStage === 'reference') {
    return REFERENCE_MAY_IMPORT.has(toStage) ? undefined : 'reference/ may import only errors, openapi/ and checks/';
  }
  if (toStage === 'reference') return fromStage === 'cli' ? undefined : 'only cli/ may import reference/';
  const fromIndex = STAGES.indexOf(fromStage as (typeof STAGES)[number]);
  const toIndex = STAGES.indexOf(toStage as (typeof STAGES)[number]);
  if (fromIndex < 0 || toIndex < 0) return `unknown stage folder '${fromIndex < 0 ? fromStage : toStage}'`;
  return toIndex <= fromIndex ? undefined : `${fromStage}/ must not import the later stage ${toStage}/`;
}

/** Every import edge between the non-test sources of `dirs` (type-only imports too: a cycle of types is one a refactor trips on). */
function importGraph(dirs: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of dirs.flatMap((dir) => sourceFiles(dir))) graph.set(file, relativeImports(file).map((specifier) => resolve(dirname(file), specifier)));
  return graph;
}

/** Each cycle of the graph once, as `a.ts → b.ts → a.ts` (depth-first: an edge back to a file on the stack closes one). */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

describe('architecture', () => {
  it('should have no import cycle in src/, suites/ or bench/', () => {
    // Arrange
    const graph = importGraph([src, join(root, 'suites'), join(root, 'bench')]);

    // Act
    const cycles = importCycles(graph).map((cycle) => cycle.map((file) => relative(root, file)).join(' → '));

    // Assert
    expect(graph.size).toBeGreaterThan(100);
    expect(cycles).toEqual([]);
  });

  it('should find a cycle, types included', () => {
    // Arrange, Act, Assert
    expect(importCycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c', 'a']]);
    expect(importCycles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
  });

  it("should keep suites/ and bench/ out of a stage's _internals", () => {
    // Arrange
    const outside = [join(root, 'suites'), join(root, 'bench')].flatMap((dir) => sourceFiles(dir));

    // Act
    const reaching = outside.flatMap((file) => relativeImports(file).filter((specifier) => specifier.includes('/_internals/')).map((specifier) => `${relative(root, file)} imports ${specifier}`));

    // Assert
    expect(outside.length).toBeGreaterThan(10);
    expect(reaching).toEqual([]);
  });

  it('should keep every import pointing to an earlier stage', () => {
    // Arrange
    const files = sourceFiles(src);
    // Act
    const problems = files.flatMap((file) =>
      relativeImports(file).flatMap((specifier) => {
        const target = resolve(dirname(file), specifier);
        const reason = violation(file, target);
        return reason ? [`${relative(root, file)} imports ${specifier}: ${reason}`] : [];
      }),
    );
    // Assert
    expect(files.length).toBeGreaterThan(5);
    expect(problems).toEqual([]);
  });

  it('should flag a backward import', () => {
    expect(violation(join(src, 'openapi', 'a.ts'), join(src, 'cli', 'main.ts'))).toMatch(/must not import/);
    expect(violation(join(src, 'generate', 'a.ts'), join(src, 'reference', 'index.ts'))).toMatch(/only cli/);
    expect(violation(join(src, 'reference', 'a.ts'), join(src, 'transport', 'x.ts'))).toMatch(/reference/);
    expect(violation(join(src, 'cli', 'a.ts'), join(src, 'openapi', 'x.ts'))).toBeUndefined();
    expect(violation(join(src, 'index.ts'), join(src, 'run', 'contract-suite.ts'))).toBeUndefined();
    expect(violation(join(src, 'run', 'a.ts'), join(src, 'index.ts'))).toMatch(/public entry/);
    expect(violation(join(src, 'cli', 'a.ts'), API_LIST)).toBeUndefined();
    expect(violation(join(src, 'run', 'a.ts'), API_LIST)).toMatch(/only cli/);
    expect(violation(join(src, 'cli', 'a.ts'), join(root, 'suites', 'glance', 'lifecycle-plan.ts'))).toMatch(/unknown stage/);
  });
});
