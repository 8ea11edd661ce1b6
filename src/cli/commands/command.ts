import type { Command } from 'commander';
import type { CliOutput } from '../output.ts';

/**
 * Adds one subcommand to the program. `setExit` records the status the run should end with
 * (errors thrown from an action are mapped by `main()` instead).
 */
export type RegisterCommand = (program: Command, output: CliOutput, setExit: (code: number) => void) => void;
