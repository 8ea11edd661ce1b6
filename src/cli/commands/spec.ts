import { formatWarning } from '../../openapi/problem.ts';
import { summarize } from '../../openapi/summarize.ts';
import { formatForFile, writeDocument } from '../../openapi/write-document.ts';
import { ExitCode } from '../exit-codes.ts';
import type { RegisterCommand } from './command.ts';

interface SpecOptions {
  readonly out?: string;
  readonly strict?: boolean;
  readonly json?: boolean;
}

/** `conform spec <source>...`: load, merge and validate, print a summary, optionally write the merged document. */
export const registerSpec: RegisterCommand = (program, output, setExit) => {
  program
    .command('spec')
    .description('load, merge and validate OpenAPI/Swagger documents (files, URLs, Markdown pages) and summarize them')
    .argument('<source...>', 'file paths or http(s) URLs; Markdown pages contribute their OpenAPI blocks')
    .option('--out <file>', 'write the merged OpenAPI document (.yaml, .yml or .json)')
    .option('--strict', 'any problem in a document is an error (exit 2)')
    .option('--json', 'print the summary as JSON')
    .action(async (sources: string[], options: SpecOptions) => {
      if (options.out) formatForFile(options.out);
      const { loadApiCached } = await import('../run/load-api-cached.ts');
      const model = await loadApiCached(sources, { strict: options.strict === true, allowWebhooksOnly: true });
      for (const warning of model.warnings) output.err(`conform: warning: ${formatWarning(warning)}`);
      if (options.out) await writeDocument(model.document, options.out);
      if (options.json) {
        const methods: Record<string, number> = {};
        for (const op of model.operations) methods[op.method.toUpperCase()] = (methods[op.method.toUpperCase()] ?? 0) + 1;
        output.out(
          JSON.stringify(
            {
              sources: model.sources,
              title: model.title,
              version: model.version,
              specVersion: model.specVersion,
              openapi: model.document.openapi,
              operations: model.operations.length,
              webhooks: model.webhooks ?? 0,
              methods,
              securitySchemes: model.securitySchemes,
              servers: model.servers,
              warnings: model.warnings,
              ...(options.out ? { out: options.out } : {}),
            },
            null,
            2,
          ),
        );
      } else {
        for (const line of summarize(model)) output.out(line);
        if (options.out) output.out(`wrote ${options.out}`);
      }
      setExit(ExitCode.ok);
    });
};
