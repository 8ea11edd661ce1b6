/**
 * `npm run corpus [folder…] [--npm] [--count N] [--seed S]`: loads every document under each folder
 * (default ../shared/corpus; `--npm` adds the npm corpus of scripts/npm-corpus.ts), generates cases for
 * every usable operation in the three modes, prints the table with each document's share of positive
 * cases valid by Ajv; exit 1 when anything threw, 2 when a folder is missing.
 */
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { corpusDocuments, corpusRowsOf, formatCorpusTable } from './corpus-table.ts';
import { npmCorpus } from './npm-corpus.ts';

const args = process.argv.slice(2);
const option = (name: string): number | undefined => {
  const index = args.indexOf(name);
  if (index < 0) return undefined;
  const value = Number(args[index + 1]);
  args.splice(index, 2);
  if (!Number.isSafeInteger(value)) {
    console.error(`corpus: ${name} needs an integer`);
    process.exit(2);
  }
  return value;
};
const count = option('--count');
const seed = option('--seed');
const npmIndex = args.indexOf('--npm');
if (npmIndex >= 0) args.splice(npmIndex, 1);
const folders = args.length > 0 || npmIndex >= 0 ? args : ['../shared/corpus'];

for (const folder of folders) {
  if (!existsSync(folder)) {
    console.error(`corpus: no such folder: ${folder}`);
    process.exit(2);
  }
}
const entries = [
  ...folders.flatMap((folder) => corpusDocuments(folder).map((path) => ({ path, document: folders.length > 1 || npmIndex >= 0 ? path : relative(folder, path) }))),
  ...(npmIndex >= 0 ? npmCorpus() : []),
];
const started = process.hrtime.bigint();
const rows = await corpusRowsOf(entries, {
  ...(count !== undefined ? { count } : {}),
  ...(seed !== undefined ? { seed } : {}),
  onRow: (row, done, of) => process.stderr.write(`corpus: ${done}/${of} ${row.document} (${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s)\n`),
});
for (const line of formatCorpusTable(rows)) console.log(line);
console.log(`${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
process.exitCode = rows.some((r) => r.failures.length > 0) ? 1 : 0;
