import { declaredVisibilitySuite } from '../../src/vitest/declared-suite.ts';

// Who may read, list and change each state, as the declaration's rule table says: no code of its own.
await declaredVisibilitySuite('visibility_isolation');
