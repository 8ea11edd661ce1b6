import type { RegisterCommand } from './command.ts';
import { registerSpec } from './spec.ts';
import { registerOps } from './ops.ts';
import { registerRun } from './run.ts';
import { registerServe } from './serve.ts';
import { registerFaults } from './faults.ts';
import { registerCases } from './cases.ts';
import { registerCleanup } from './cleanup.ts';
import { registerMatrix } from './matrix.ts';
import { registerMergeReports } from './merge-reports.ts';
import { registerInit } from './init.ts';

/** Every subcommand, in the order `conform --help` lists them. */
export const commands: readonly RegisterCommand[] = [registerSpec, registerOps, registerInit, registerRun, registerServe, registerFaults, registerCases, registerCleanup, registerMatrix, registerMergeReports];
