/**
 * `npm run corpus [folder] [--count N] [--seed S]`: loads every document under the folder (default
 * ../shared/corpus), generates cases for every usable operation, prints the table; exit 1 when anything
 * threw, 2 when the folder is missing.
 */
import { existsSync } from 'node:fs';
import { corpusRows, formatCorpusTable } from './corpus-table.ts';

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
const folder = args[0] ?? '../shared/corpus';

if (!existsSync(folder)) {
  console.error(`corpus: no such folder: ${folder}`);
  process.exit(2);
}
const started = process.hrtime.bigint();
const rows = await corpusRows(folder, { ...(count !== undefined ? { count } : {}), ...(seed !== undefined ? { seed } : {}) });
for (const line of formatCorpusTable(rows)) console.log(line);
console.log(`${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
process.exitCode = rows.some((r) => r.failures.length > 0) ? 1 : 0;
