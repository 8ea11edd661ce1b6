import { accessSync, constants, statSync } from 'node:fs';
import { UsageError } from '../../errors.ts';
import { loadPrincipalsFile, parsePrincipals, principalSecrets, type Principals } from '../../principals.ts';
import { Redactor } from '../../redact.ts';
import { REFERENCE_API_NAMES, type ReferenceApiName } from '../../reference/apis.ts';
import { cleanupLedgers } from '../../run/cleanup-ledger.ts';
import { HttpTransport } from '../../transport/http-transport.ts';
import { BUILTIN_APIS } from '../builtin-apis.ts';
import { ExitCode } from '../exit-codes.ts';
import type { CliOutput } from '../output.ts';
import { integerOption, oneOf } from '../parse-options.ts';
import type { RegisterCommand } from './command.ts';

interface CleanupCommandOptions {
  principals?: string;
  api?: ReferenceApiName;
  requestTimeout?: number;
}

/** Every ledger must be a readable file before anything is deleted: a typo is exit 2, not a half cleanup. */
function assertReadableLedger(path: string): void {
  try {
    if (!statSync(path).isFile()) throw new UsageError(`${path}: not a ledger file (a directory?)`);
    accessSync(path, constants.R_OK);
  } catch (error: unknown) {
    if (error instanceof UsageError) throw error;
    const code = (error as { code?: string }).code ?? 'unreadable';
    throw new UsageError(`${path}: cannot read ledger (${code})`);
  }
}

async function cleanupPrincipals(options: CleanupCommandOptions): Promise<Principals> {
  if (options.principals) return loadPrincipalsFile(options.principals);
  if (options.api) return parsePrincipals(BUILTIN_APIS[options.api].defaultPrincipals, `${options.api} defaults`, {});
  return new Map();
}

/** `conform cleanup <ledger...>`: deletes what a crashed or interrupted run left behind. */
export const registerCleanup: RegisterCommand = (program, output, setExit) => {
  program
    .command('cleanup')
    .description('delete what a run created and did not delete, from its ledger files (<out>/.events/*.ledger.ndjson)')
    .argument('<ledgers...>', 'ledger files a run wrote')
    .option('--principals <file>', 'the principals the run used (JSON, values may be ${ENV}); items are deleted as their creator')
    .option('--api <name>', `the built-in API the run tested (${REFERENCE_API_NAMES.join(', ')}): its default principals and how to unblock a refused delete`, oneOf(REFERENCE_API_NAMES))
    .option('--request-timeout <ms>', 'per-request budget (default: 10000)', integerOption(1, 3_600_000))
    .action(async (ledgers: string[], options: CleanupCommandOptions) => {
      setExit(await cleanupCommand(ledgers, options, output));
    });
};

async function cleanupCommand(ledgers: readonly string[], options: CleanupCommandOptions, output: CliOutput): Promise<number> {
  for (const path of ledgers) assertReadableLedger(path);
  const principals = await cleanupPrincipals(options);
  const redactor = new Redactor(principalSecrets(principals));
  const transport = new HttpTransport(options.requestTimeout === undefined ? {} : { requestTimeoutMs: options.requestTimeout });
  const unblock = options.api ? BUILTIN_APIS[options.api].unblock : undefined;
  let result;
  try {
    result = await cleanupLedgers(ledgers, principals, (request) => transport.send(request), unblock);
  } finally {
    await transport.close();
  }
  for (const url of result.removed) output.out(redactor.text(`removed ${url}`));
  for (const item of result.left) output.out(redactor.text(`left ${item}`));
  output.out(`${result.removed.length} removed, ${result.left.length} left`);
  return result.left.length === 0 ? ExitCode.ok : ExitCode.findings;
}
