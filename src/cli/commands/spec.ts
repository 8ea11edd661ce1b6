import { formatWarning } from '../../openapi/problem.ts';
import { summarize } from '../../openapi/summarize.ts';
import { formatForFile, writeDocument } from '../../openapi/write-document.ts';
import { ExitCode } from '../exit-codes.ts';
import type { RegisterCommand } from './command.ts';
import type { ResolvedDeclaration } from '../../openapi/declaration/declaration.ts';

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
      // The declaration written on the document is checked too (exit 2 naming its pointer when malformed).
      const { resolveDeclaration } = await import('../../openapi/declaration/resolve-declaration.ts');
      const declaration = resolveDeclaration(model, { strict: options.strict === true });
      for (const warning of declaration.warnings) output.err(`conform: warning: ${formatWarning(warning)}`);
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
              declaration,
              ...(options.out ? { out: options.out } : {}),
            },
            null,
            2,
          ),
        );
      } else {
        for (const line of summarize(model)) output.out(line);
        output.out(declarationLine(declaration));
        if (options.out) output.out(`wrote ${options.out}`);
      }
      setExit(ExitCode.ok);
    });
};

/** `declaration: 1 resource (1 written), 3 paged lists (3 inferred), …; 2 TODO (conform init)`. */
function declarationLine(resolved: ResolvedDeclaration): string {
  const count = (part: 'resources' | 'pagination' | 'rateLimits', one: string, many: string): string => {
    const keys = Object.keys(resolved.declaration[part]);
    const inferred = resolved.provenance.filter((entry) => entry.origin === 'inferred' && entry.pointer.startsWith(`/${part}/`)).length;
    const written = keys.length - inferred;
    const origin = [written > 0 ? `${written} written` : '', inferred > 0 ? `${inferred} inferred` : ''].filter(Boolean).join(', ');
    return `${keys.length} ${keys.length === 1 ? one : many}${origin ? ` (${origin})` : ''}`;
  };
  const todo = resolved.unresolved.length > 0 ? `; ${resolved.unresolved.length} TODO (conform init prints them)` : '';
  return `declaration: ${count('resources', 'resource', 'resources')}, ${count('pagination', 'paged list', 'paged lists')}, ${count('rateLimits', 'quota', 'quotas')}${todo}`;
}
