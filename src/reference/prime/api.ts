import type { ReferenceApiDefinition } from '../types.ts';
import { primeFaults } from './faults.ts';
import { createPrimeHandler } from './prime-handler.ts';

/** The Prime Intellect image-visibility reference API (specs/prime-intellect.yaml). */
export const primeApi: ReferenceApiDefinition = {
  name: 'prime',
  title: 'Prime Intellect: update image visibility',
  faults: primeFaults,
  createHandler: createPrimeHandler,
};
