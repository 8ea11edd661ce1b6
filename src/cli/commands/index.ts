import type { RegisterCommand } from './command.ts';
import { registerServe } from './serve.ts';
import { registerFaults } from './faults.ts';

/** Every subcommand, in the order `conform --help` lists them. */
export const commands: readonly RegisterCommand[] = [registerServe, registerFaults];
