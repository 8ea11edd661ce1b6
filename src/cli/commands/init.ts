import { formatWarning } from '../../openapi/problem.ts';
import { ExitCode } from '../exit-codes.ts';
import type { RegisterCommand } from './command.ts';

interface InitOptions {
  readonly json?: boolean;
}

/**
 * `conform init <source>...`: the declaration conform infers from a document (resources, visibility,
 * pagination, rate-limit headers), as YAML for `declaration:` of conform.config.yaml, each part with
 * what it was read from and a `TODO` where the document does not settle it, so a user starts from
 * something that runs and fills in the rest.
 */
export const registerInit: RegisterCommand = (program, output, setExit) => {
  program
    .command('init')
    .description("print the semantics conform infers from a document (resources, visibility, pagination, rate limits) as a starting 'declaration:' for conform.config.yaml")
    .argument('<source...>', 'file paths or http(s) URLs; Markdown pages contribute their OpenAPI blocks')
    .option('--json', 'print the declaration, its provenance and what is unresolved as JSON')
    .action(async (sources: string[], options: InitOptions) => {
      const { loadApi } = await import('../../openapi/load-api.ts');
      const { resolveDeclaration } = await import('../../openapi/declaration/resolve-declaration.ts');
      const { declarationYaml } = await import('../../openapi/declaration/declaration-yaml.ts');
      const model = await loadApi(sources);
      for (const warning of model.warnings) output.err(`conform: warning: ${formatWarning(warning)}`);
      const resolved = resolveDeclaration(model);
      for (const warning of resolved.warnings) output.err(`conform: warning: ${formatWarning(warning)}`);
      if (options.json) output.out(JSON.stringify(resolved, null, 2));
      else output.out(declarationYaml(resolved, `${model.title} ${model.version} (${sources.join(', ')})`).trimEnd());
      const { resources, pagination, rateLimits } = resolved.declaration;
      output.err(
        `conform: ${Object.keys(resources).length} resources, ${Object.keys(pagination).length} paged lists, ${Object.keys(rateLimits).length} quotas; ` +
          `${resolved.unresolved.length} TODO to check or fill in`,
      );
      setExit(ExitCode.ok);
    });
};
