import { declaredVisibilitySuite } from '../../src/vitest/declared-suite.ts';

// Each state the declaration names takes effect (reads, lists, moves), with no code of its own.
await declaredVisibilitySuite('visibility_applied');
