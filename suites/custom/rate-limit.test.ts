import { declaredRateLimitSuite } from '../../src/run/semantic/declared-rate-limit.ts';
import { declaredSuite } from '../../src/vitest/declared-suite.ts';

// Every quota the declaration writes or says the API announces in its headers: no code of its own.
await declaredSuite({
  title: 'custom rate limit',
  fileTag: 'custom-rate-limit',
  does: 'probes each quota a document declares',
  checkIds: ['rate_limit_enforced'],
  nothingDeclared: 'the document declares no quota (x-rate-limit on an operation, or declaration.rateLimits)',
  fromDeclaration: (model, declaration) => declaredRateLimitSuite(model, declaration),
});
