import type { ApiDefinition } from '../src/vitest/api-definition.ts';
import { glanceApi } from './glance/api.ts';
import { imgApi } from './img/api.ts';
import { primeApi } from './prime/api.ts';

/** The built-in APIs, one line each: `conform run <name>`, the fault proofs and the benchmarks read this list. */
export const BUILTIN_API_DEFINITIONS: readonly ApiDefinition[] = [glanceApi, primeApi, imgApi];
