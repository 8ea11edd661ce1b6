import { UsageError } from '../../errors.ts';
import { CASE_MODES, type Case, type CaseMode } from '../../generate/case.ts';
import { loadPrincipalsFile, type Principal } from '../../principals.ts';
import { formatWarning } from '../../openapi/problem.ts';
import { ExitCode } from '../exit-codes.ts';
import type { RegisterCommand } from './command.ts';

// A tree schema with two recursive properties already takes seconds per case at depth 8.
const MAX_RECURSION_DEPTH = 8;

interface CasesOptions {
  readonly operation?: string;
  readonly count: string;
  readonly seed?: string;
  readonly mode: string;
  readonly json?: boolean;
  readonly strict?: boolean;
  readonly principals?: string;
  readonly principal?: string;
  readonly maxDepth: string;
}

/** `conform cases <source>...`: the generated requests, as NDJSON (`--json`) or a short listing; secrets redacted. */
export const registerCases: RegisterCommand = (program, output, setExit) => {
  program
    .command('cases')
    .description('print the requests conform would send: positive, negative or boundary cases per operation')
    .argument('<source...>', 'file paths or http(s) URLs of OpenAPI/Swagger documents')
    .option('--operation <id>', 'only this operation (operationId or synthesized id)')
    .option('--count <n>', 'cases per operation', '10')
    .option('--seed <s>', 'random seed (integer); the same seed gives the same cases')
    .option('--mode <mode>', `one of ${CASE_MODES.join(', ')}`, 'positive')
    .option('--json', 'one JSON object per line (NDJSON)')
    .option('--strict', 'any problem in a document is an error (exit 2)')
    .option('--principals <file>', 'JSON {"<name>": {"headers": {...}}}; values may be ${ENV_VAR}')
    .option('--principal <name>', 'which principal to attach (default: the first in the file)')
    .option('--max-depth <n>', `recursion depth for recursive schemas (at most ${MAX_RECURSION_DEPTH})`, '3')
    .action(async (sources: string[], options: CasesOptions) => {
      const count = integerOption('--count', options.count, 0);
      const maxDepth = integerOption('--max-depth', options.maxDepth, 0);
      if (maxDepth > MAX_RECURSION_DEPTH) throw new UsageError(`--max-depth must be at most ${MAX_RECURSION_DEPTH}, not ${maxDepth}: a value branching into itself grows exponentially with the depth`);
      if (!(CASE_MODES as readonly string[]).includes(options.mode)) throw new UsageError(`--mode must be one of ${CASE_MODES.join(', ')}, not '${options.mode}'`);
      const seed = options.seed === undefined ? Math.floor(Math.random() * 0x7fffffff) : integerOption('--seed', options.seed, -0x80000000);
      const principal = await choosePrincipal(options);
      const [{ loadApiCached }, { generateCases }, { supportedMedia }] = await Promise.all([import('../run/load-api-cached.ts'), import('../../generate/cases.ts'), import('../../generate/request-body.ts')]);
      const model = await loadApiCached(sources, { strict: options.strict === true });
      for (const warning of model.warnings) output.err(`conform: warning: ${formatWarning(warning)}`);
      for (const operation of model.operations) {
        const content = operation.requestBody?.content ?? [];
        if (content.length === 0 || supportedMedia(operation).length > 0) continue;
        const types = content.map((m) => m.mediaType).join(', ');
        output.err(`conform: warning: ${operation.source} at ${operation.pointer}/requestBody: ${operation.id}: conform cannot generate a ${types} body; its requests are sent without one`);
      }
      if (options.seed === undefined) output.err(`conform: seed ${seed}`);
      const cases = generateCases(model, {
        operationId: options.operation,
        count,
        seed,
        mode: options.mode as CaseMode,
        principal,
        maxDepth,
        onUnsatisfiable: (operation, error) => output.err(`conform: warning: ${operation.source} at ${operation.pointer}: ${operation.id}: no request can be generated, skipped: ${error.message}`),
      });
      for (const c of cases) output.out(options.json ? JSON.stringify(caseRecord(c), replacer) : caseLine(c));
      setExit(ExitCode.ok);
    });
};

function integerOption(name: string, text: string, min: number): number {
  const value = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min) throw new UsageError(`${name} must be an integer >= ${min}, not '${text}'`);
  return value;
}

async function choosePrincipal(options: CasesOptions): Promise<Principal | undefined> {
  if (!options.principals) {
    if (options.principal) throw new UsageError('--principal needs --principals <file>');
    return undefined;
  }
  const principals = await loadPrincipalsFile(options.principals);
  if (options.principal === undefined) return [...principals.values()][0];
  const found = principals.get(options.principal);
  if (!found) throw new UsageError(`unknown principal '${options.principal}' (the file defines: ${[...principals.keys()].join(', ') || 'none'})`);
  return found;
}

/** The NDJSON shape of a case; `Secret`s serialize as `[REDACTED]`. */
function caseRecord(c: Case): Record<string, unknown> {
  return {
    operationId: c.operationId,
    method: c.method,
    path: c.path,
    pathTemplate: c.pathTemplate,
    query: c.query.map(([name, value]) => `${name}=${String(value)}`).join('&'),
    headers: c.headers,
    ...(Object.keys(c.cookies).length > 0 ? { cookies: c.cookies } : {}),
    ...(c.body ? { body: c.body.value, contentType: c.body.contentType } : {}),
    mode: c.mode,
    ...(c.violates ? { violates: c.violates } : {}),
    ...(c.principal ? { principal: c.principal } : {}),
  };
}

function replacer(_key: string, value: unknown): unknown {
  return value instanceof Uint8Array ? { base64: Buffer.from(value).toString('base64') } : value;
}

function caseLine(c: Case): string {
  const query = c.query.map(([name, value]) => `${name}=${String(value)}`).join('&');
  const body = c.body ? ` ${c.body.mediaType} ${Buffer.byteLength(typeof c.body.raw === 'string' ? c.body.raw : Buffer.from(c.body.raw))}B` : '';
  const violation = c.violates ? `  # ${c.violates.description}` : '';
  return `${c.mode.padEnd(8)} ${c.operationId}  ${c.method} ${c.path}${query ? `?${query}` : ''}${body}${violation}`;
}
