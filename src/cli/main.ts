import { Command, CommanderError } from 'commander';
import { isConformError } from '../errors.ts';
import { ExitCode, exitCodeFor } from './exit-codes.ts';
import { processOutput, type CliOutput } from './output.ts';
import { commands } from './commands/index.ts';

/**
 * Runs the CLI and resolves to the exit status; never throws. Errors become one line,
 * `conform: CODE: message`, with the stack only under `--debug`.
 */
export async function main(argv: readonly string[], output: CliOutput = processOutput): Promise<number> {
  const debug = argv.includes('--debug');
  const program = new Command('conform')
    .description('Contract tests and conformance checks for HTTP APIs described by OpenAPI')
    .option('--debug', 'print stack traces of errors')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => output.out(text.trimEnd()),
      writeErr: (text) => output.err(text.trimEnd()),
    })
    .showHelpAfterError('(run with --help for usage)');
  let status: number = ExitCode.ok;
  for (const register of commands) {
    register(program, output, (code) => {
      status = code;
    });
  }
  try {
    await program.parseAsync(['node', 'conform', ...argv]);
    return status;
  } catch (error: unknown) {
    if (error instanceof CommanderError) {
      // help and version exit 0; any other parse problem is a usage error
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (isConformError(error)) {
      output.err(`conform: ${error.code}: ${error.message}`);
      if (debug && error instanceof Error && error.stack) output.err(error.stack);
      return exitCodeFor[error.code];
    }
    const message = error instanceof Error ? error.message : String(error);
    output.err(`conform: CONFORM_INTERNAL: ${firstLine(message)} (a bug in conform; rerun with --debug)`);
    if (debug && error instanceof Error && error.stack) output.err(error.stack);
    return ExitCode.internal;
  }
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}
