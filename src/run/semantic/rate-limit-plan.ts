import { casesForOperation } from '../../generate/cases.ts';
import type { Principal } from '../../principals.ts';
import type { ApiModel, Operation } from '../../spec/types.ts';
import type { OutgoingRequest } from '../../transport/exchange.ts';
import { toOutgoingRequest, withPrincipal } from '../case-request.ts';
import { deriveSeed } from '../derive-seed.ts';
import { credentialOf, limitFor, probeQuota, quotaGroups, type QuotaGroup } from './quota-probe.ts';
import type { SemanticPlan } from './semantic-plan.ts';
import type { SemanticProperty } from './semantic-session.ts';

/** Why the rate-limit suite did not run when the user did not opt in. */
export const RATE_LIMIT_OPT_IN_REASON =
  'the rate-limit probe is opt-in: run with --rate-limit-probe (it spends the documented quota of the principals and waits up to its window)';

function groupLabel(group: QuotaGroup, tier?: string): string {
  const first = group.operations[0];
  const more = group.operations.length > 1 ? ` +${group.operations.length - 1} operations` : '';
  return `${first?.label ?? '?'}${more} (rate limit${tier ? `, ${tier} tier` : ''})`;
}

/** One property per documented quota and per tier of it: known from the document alone. */
export function rateLimitProperties(model: ApiModel): SemanticProperty[] {
  return quotaGroups(model.operations).flatMap((group) => {
    const operationId = group.operations[0]?.id ?? '?';
    return [undefined, ...group.spec.tiers.map((tier) => tier.name)].map((tier) => ({ checkId: 'rate_limit_enforced' as const, operationId, operationLabel: groupLabel(group, tier) }));
  });
}

/**
 * The rate-limit suite of an API: for each documented quota (and each tier), a probe as a principal
 * of that tier, another principal as the "other credential". Safe requests are valid; every other
 * operation is sent invalid (one violation), so the burst changes nothing on the target.
 */
export function rateLimitPlan(model: ApiModel, options: { readonly preferred?: string; readonly clause: string }): SemanticPlan {
  const properties = rateLimitProperties(model);
  return {
    properties,
    async run(session) {
      const { settings } = session.runtime;
      if (!settings.rateLimitProbe) {
        for (const property of properties) session.skip(property, RATE_LIMIT_OPT_IN_REASON);
        return;
      }
      const cases = new Map<string, ReturnType<typeof casesForOperation>[number] | undefined>();
      const request = (operation: Operation, principal: Principal): OutgoingRequest | undefined => {
        if (!cases.has(operation.id)) {
          const mode = operation.method === 'get' || operation.method === 'head' ? 'positive' : 'negative';
          cases.set(operation.id, casesForOperation(model, operation, { mode, seed: deriveSeed(settings.seed, operation.id, 'quota'), count: 1 })[0]);
        }
        const testCase = cases.get(operation.id);
        return testCase ? toOutgoingRequest(withPrincipal(testCase, principal), session.runtime.target) : undefined;
      };
      const principals = [...session.runtime.principals.values()];
      const ordered = options.preferred ? [...principals.filter((p) => p.name === options.preferred), ...principals.filter((p) => p.name !== options.preferred)] : principals;
      for (const group of quotaGroups(model.operations)) {
        const tiers = [undefined, ...group.spec.tiers.map((tier) => tier.name)];
        for (const [index, tier] of tiers.entries()) {
          const property = properties.find((candidate) => candidate.operationLabel === groupLabel(group, tier));
          if (!property) continue;
          const principal = ordered.find((candidate) => limitFor(group.spec, credentialOf(candidate, model.securitySchemes)).tier === tier);
          if (!principal) {
            session.skip(property, `no configured principal has a credential of the ${tier ?? 'default'} tier${index > 0 ? ` (prefix ${group.spec.tiers[index - 1]?.keyPrefix ?? ''})` : ''}`);
            continue;
          }
          const credential = credentialOf(principal, model.securitySchemes);
          const other = ordered.find((candidate) => candidate !== principal && credentialOf(candidate, model.securitySchemes) !== credential);
          const { limit } = limitFor(group.spec, credential);
          await session.property(property, async () => {
            const label = `${groupLabel(group, tier)} ${limit}/${group.spec.windowSeconds}s as ${principal.name}`;
            const windowMs = settings.rateLimitWindowMs;
            const result = await probeQuota(session, { group, limit, principal, ...(other ? { other } : {}), ...(windowMs === undefined ? {} : { windowMs }), request, label, clause: options.clause });
            return result.inconclusive ? { skip: result.inconclusive } : result.findings;
          });
        }
      }
    },
  };
}
