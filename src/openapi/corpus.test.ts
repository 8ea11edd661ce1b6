import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadApi } from './load-api.ts';

// 36 real services (Swagger 2.0 and OpenAPI 3.0) nobody here wrote; CI has them at ../shared.
const CORPUS = '../shared/corpus/wfd';
const absent = !existsSync(CORPUS);

interface Row {
  readonly file: string;
  readonly loaded: boolean;
  readonly usable: number;
  readonly total: number;
  readonly warnings: number;
  readonly explained: boolean;
  readonly reason?: string;
}

describe.skipIf(absent)(`the wfd corpus (needs ${CORPUS}; skipped where it is absent)`, () => {
  it('should load every document, with every operation usable or explained by a warning', async () => {
    // Arrange
    const files = readdirSync(CORPUS).filter((f) => /\.(json|ya?ml)$/.test(f)).sort();
    // Act
    const rows: Row[] = [];
    for (const file of files) {
      try {
        const model = await loadApi([`${CORPUS}/${file}`]);
        const unusable = new Set(model.warnings.flatMap((w) => w.unusableOperations));
        const total = model.operations.length + unusable.size;
        const declared = Object.values(model.document.paths as Record<string, Record<string, unknown>>).reduce(
          (n, item) => n + ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'].filter((m) => item[m] !== undefined).length,
          0,
        );
        rows.push({ file, loaded: true, usable: model.operations.length, total, warnings: model.warnings.length, explained: total === declared });
      } catch (error: unknown) {
        rows.push({ file, loaded: false, usable: 0, total: 0, warnings: 0, explained: false, reason: (error as Error).message });
      }
    }
    const table = rows.map(
      (r) => `${r.file.padEnd(28)} ${r.loaded ? 'loaded ' : 'REFUSED'} ${`${r.usable}/${r.total}`.padStart(8)} usable  ${String(r.warnings).padStart(3)} warnings${r.reason ? `  ${r.reason}` : ''}`,
    );
    const loaded = rows.filter((r) => r.loaded).length;
    const allUsable = rows.filter((r) => r.loaded && r.usable === r.total).length;
    const usableOrExplained = rows.filter((r) => r.loaded && r.explained).length;
    console.log(
      [...table, `${loaded} loaded, ${rows.length - loaded} refused; ${allUsable} with every operation usable; ${usableOrExplained} with every operation usable or explained`].join('\n'),
    );
    // Assert
    expect(rows).toHaveLength(36);
    expect(rows.filter((r) => !r.loaded).map((r) => `${r.file}: ${r.reason}`)).toEqual([]);
    expect(usableOrExplained).toBeGreaterThanOrEqual(34);
  });
});
