import type { ReferenceApiDefinition } from '../types.ts';
import { gistsFaults } from './faults.ts';
import { createGistsHandler } from './routes.ts';

/** GitHub's gists (specs/github-gists.yaml): owner-only changes, secret gists readable by id but unlisted, Link paging, X-RateLimit headers. */
export const gistsApi: ReferenceApiDefinition = {
  name: 'gists',
  title: 'GitHub REST API: gists',
  faults: gistsFaults,
  createHandler: createGistsHandler,
};
