import { formatWarning } from '../../openapi/problem.ts';
import { ExitCode } from '../exit-codes.ts';
import type { RegisterCommand } from './command.ts';

interface OpsOptions {
  readonly strict?: boolean;
  readonly json?: boolean;
}

/** `conform ops <source>...`: the usable operations as an aligned table (method, path, operationId, tags). */
export const registerOps: RegisterCommand = (program, output, setExit) => {
  program
    .command('ops')
    .description('list the operations of OpenAPI/Swagger documents: method, path, operationId, tags')
    .argument('<source...>', 'file paths or http(s) URLs; Markdown pages contribute their OpenAPI blocks')
    .option('--strict', 'any problem in a document is an error (exit 2)')
    .option('--json', 'print the operations as JSON')
    .action(async (sources: string[], options: OpsOptions) => {
      const { loadApi } = await import('../../openapi/load-api.ts');
      const model = await loadApi(sources, { strict: options.strict === true });
      for (const warning of model.warnings) output.err(`conform: warning: ${formatWarning(warning)}`);
      if (options.json) {
        const rows = model.operations.map((op) => ({
          id: op.id,
          method: op.method.toUpperCase(),
          path: op.path,
          ...(op.operationId !== undefined ? { operationId: op.operationId } : {}),
          tags: op.tags,
          source: op.source,
        }));
        output.out(JSON.stringify(rows, null, 2));
      } else {
        const rows = [
          ['METHOD', 'PATH', 'OPERATIONID', 'TAGS'],
          ...model.operations.map((op) => [op.method.toUpperCase(), op.path, op.operationId ?? `(${op.id})`, op.tags.join(',')]),
        ];
        const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
        for (const row of rows) {
          output.out(row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column] ?? 0) : cell)).join('  ').trimEnd());
        }
      }
      setExit(ExitCode.ok);
    });
};
