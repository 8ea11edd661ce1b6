import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

/** The one-way data flow: a stage may import only from stages to its left (and itself). */
const STAGES = ['base', 'spec', 'generate', 'transport', 'checks', 'run', 'report', 'cli'] as const;
/** reference/ is outside the flow: it may use errors, spec and checks (for fault ids) only. */
const REFERENCE_MAY_IMPORT = new Set(['base', 'spec', 'checks', 'reference']);

function stageOf(file: string): string {
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
  const toStage = stageOf(to);
  if (fromStage === 'reference') {
    return REFERENCE_MAY_IMPORT.has(toStage) ? undefined : 'reference/ may import only errors, spec/ and checks/';
  }
  if (toStage === 'reference') return fromStage === 'cli' ? undefined : 'only cli/ may import reference/';
  const fromIndex = STAGES.indexOf(fromStage as (typeof STAGES)[number]);
  const toIndex = STAGES.indexOf(toStage as (typeof STAGES)[number]);
  if (fromIndex < 0 || toIndex < 0) return `unknown stage folder '${fromIndex < 0 ? fromStage : toStage}'`;
  return toIndex <= fromIndex ? undefined : `${fromStage}/ must not import the later stage ${toStage}/`;
}

describe('architecture', () => {
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
    expect(violation(join(src, 'spec', 'a.ts'), join(src, 'cli', 'main.ts'))).toMatch(/must not import/);
    expect(violation(join(src, 'generate', 'a.ts'), join(src, 'reference', 'index.ts'))).toMatch(/only cli/);
    expect(violation(join(src, 'reference', 'a.ts'), join(src, 'transport', 'x.ts'))).toMatch(/reference/);
    expect(violation(join(src, 'cli', 'a.ts'), join(src, 'spec', 'x.ts'))).toBeUndefined();
  });
});
