import type { Principal } from '../../src/principals.ts';
import type { SemanticProperty, SemanticSession } from '../../src/run/semantic/semantic-session.ts';

/** The principal a plan acts as; when it is not configured, each of the plan's properties is skipped, saying how to add it. */
export function principalOrSkip(session: SemanticSession, name: string, properties: readonly SemanticProperty[]): Principal | undefined {
  const principal = session.principal(name);
  if (!principal) for (const property of properties) session.skip(property, `needs the principal '${name}' (add it to the principals file)`);
  return principal;
}
