import type { RegisterCommand } from './command.ts';

/** Every subcommand, in the order `conform --help` lists them. */
export const commands: readonly RegisterCommand[] = [];
