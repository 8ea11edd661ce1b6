import type { ReferenceApiDefinition } from '../types.ts';
import { imgFaults } from './faults.ts';
import { createImgHandler } from './routes.ts';

/** The IMG Processing reference API: publish/unpublish with a key-less CDN, per-key quotas, and its faults. */
export const imgApi: ReferenceApiDefinition = {
  name: 'img',
  title: 'IMG Processing API (publish/unpublish)',
  faults: imgFaults,
  createHandler: createImgHandler,
};
