import { casesForOperation } from '../../generate/cases.ts';
import type { Principal } from '../../principals.ts';
import type { ApiModel, Operation } from '../../openapi/types.ts';
import type { OutgoingRequest } from '../../transport/exchange.ts';
import { toOutgoingRequest, withPrincipal } from '../../transport/case-request.ts';
import { deriveSeed } from '../../generate/derive-seed.ts';
import { limitFor, quotaGroups, type QuotaGroup } from '../../openapi/extensions/rate-limit.ts';
import { burstQuota, checkQuotaRecovery, credentialOf, type QuotaBurst, type QuotaProbeOptions, type QuotaProbeResult, type QuotaSender } from './quota-probe.ts';
import type { SemanticPlan } from './semantic-plan.ts';
import type { CountedObservations, SemanticProperty, SemanticSession } from './semantic-session.ts';

/** Why the rate-limit suite did not run when the user did not opt in. */
export const RATE_LIMIT_OPT_IN_REASON =
  'the rate-limit probe is opt-in: run with --rate-limit-probe (it spends the documented quota of the principals and waits up to its window)';

function groupLabel(group: QuotaGroup, tier?: string): string {
  const first = group.operations[0];
  const more = group.operations.length > 1 ? ` +${group.operations.length - 1} operations` : '';
  return `${first?.label ?? '?'}${more} (rate limit${tier ? `, ${tier} tier` : ''})`;
}

/** One property per documented quota and per tier of it: known from the document alone (or the groups given). */
export function rateLimitProperties(model: ApiModel, groups: readonly QuotaGroup[] = quotaGroups(model.operations)): SemanticProperty[] {
  return groups.flatMap((group) => {
    const operationId = group.operations[0]?.id ?? '?';
    return [undefined, ...group.spec.tiers.map((tier) => tier.name)].map((tier) => ({ checkId: 'rate_limit_enforced' as const, operationId, operationLabel: groupLabel(group, tier) }));
  });
}

/**
 * The request a quota probe sends on an operation as a principal: safe requests valid, any other sent
 * invalid (one violation), so spending the quota changes nothing on the target. One case an operation.
 */
export function quotaRequests(model: ApiModel, session: SemanticSession): (operation: Operation, principal: Principal) => OutgoingRequest | undefined {
  const cases = new Map<string, ReturnType<typeof casesForOperation>[number] | undefined>();
  return (operation, principal) => {
    if (!cases.has(operation.id)) {
      const mode = operation.method === 'get' || operation.method === 'head' ? 'positive' : 'negative';
      cases.set(operation.id, casesForOperation(model, operation, { mode, seed: deriveSeed(session.runtime.settings.seed, operation.id, 'quota'), count: 1 })[0]);
    }
    const testCase = cases.get(operation.id);
    return testCase ? toOutgoingRequest(withPrincipal(testCase, principal), session.runtime.target) : undefined;
  };
}

/** One probe the plan runs: a quota (and tier) as one principal, with the other credential. */
interface PlannedProbe {
  readonly property: SemanticProperty;
  readonly options: QuotaProbeOptions;
}

/** Counts the requests sent through it: a probe's own, when probes interleave. */
function countingSender(session: SemanticSession): QuotaSender & { readonly sent: () => number } {
  let sent = 0;
  return {
    sendRaw: (operationId, outgoing) => {
      sent += 1;
      return session.sendRaw(operationId, outgoing);
    },
    countedInWindow: (outgoing) => session.countedInWindow(outgoing),
    note: (text) => session.note(text),
    sent: () => sent,
  };
}

function verdict(result: QuotaProbeResult, requests: number): CountedObservations | { skip: string; requests: number } {
  return result.inconclusive ? { skip: result.inconclusive, requests } : { findings: result.findings, requests };
}

/**
 * Runs a quota's probes. One after another, each waits out its Retry-After before the next burst. When
 * no probe's "other credential" is probed itself, the bursts run back to back and each recovery is
 * checked once its own wait has passed: the waits overlap, so two tiers take one window instead of two
 * (a minute against a real target). The requests are the same, in a fixed order; each probe counts its own.
 */
async function runProbes(session: SemanticSession, probes: readonly PlannedProbe[]): Promise<void> {
  const probed = new Set(probes.map((probe) => probe.options.principal));
  const overlap = probes.length > 1 && probes.every((probe) => !probe.options.other || !probed.has(probe.options.other));
  const pending: { probe: PlannedProbe; sender: ReturnType<typeof countingSender>; burst: QuotaBurst }[] = [];
  const settle = async ({ probe, sender, burst }: (typeof pending)[number]): Promise<void> => {
    const result = await checkQuotaRecovery(sender, probe.options, burst);
    await session.property(probe.property, () => Promise.resolve(verdict(result, sender.sent())));
  };
  for (const probe of probes) {
    const sender = countingSender(session);
    const started = { probe, sender, burst: await burstQuota(sender, probe.options) };
    if (overlap) pending.push(started);
    else await settle(started);
  }
  for (const started of pending) await settle(started);
}

/**
 * The rate-limit suite of an API: for each documented quota (and each tier), a probe as a principal
 * of that tier, another principal as the "other credential" (one no probe uses, when there is one).
 * Safe requests are valid; every other operation is sent invalid (one violation), so the burst changes
 * nothing on the target.
 */
export function rateLimitPlan(model: ApiModel, options: { readonly preferred?: string; readonly clause: string; /** The quotas, when not the document's `x-rate-limit` (a declaration's). */ readonly groups?: readonly QuotaGroup[] }): SemanticPlan {
  const groups = options.groups ?? quotaGroups(model.operations);
  const properties = rateLimitProperties(model, groups);
  return {
    properties,
    async run(session) {
      const { settings } = session.runtime;
      if (!settings.rateLimitProbe) {
        for (const property of properties) session.skip(property, RATE_LIMIT_OPT_IN_REASON);
        return;
      }
      const request = quotaRequests(model, session);
      const principals = [...session.runtime.principals.values()];
      const ordered = options.preferred ? [...principals.filter((p) => p.name === options.preferred), ...principals.filter((p) => p.name !== options.preferred)] : principals;
      const credentialOfPrincipal = (principal: Principal): string | undefined => credentialOf(principal, model.securitySchemes);
      for (const group of groups) {
        const tiers = [undefined, ...group.spec.tiers.map((tier) => tier.name)];
        const tierPrincipal = new Map(tiers.map((tier) => [tier, ordered.find((candidate) => limitFor(group.spec, credentialOfPrincipal(candidate)).tier === tier)]));
        const probedCredentials = new Set([...tierPrincipal.values()].flatMap((principal) => (principal ? [credentialOfPrincipal(principal)] : [])));
        const probes: PlannedProbe[] = [];
        for (const [index, tier] of tiers.entries()) {
          const property = properties.find((candidate) => candidate.operationLabel === groupLabel(group, tier));
          if (!property) continue;
          const principal = tierPrincipal.get(tier);
          if (!principal) {
            session.skip(property, `no configured principal has a credential of the ${tier ?? 'default'} tier${index > 0 ? ` (prefix ${group.spec.tiers[index - 1]?.keyPrefix ?? ''})` : ''}`);
            continue;
          }
          const credential = credentialOfPrincipal(principal);
          const others = ordered.filter((candidate) => candidate !== principal && credentialOfPrincipal(candidate) !== credential);
          const other = others.find((candidate) => !probedCredentials.has(credentialOfPrincipal(candidate))) ?? others[0];
          const { limit } = limitFor(group.spec, credential);
          const windowMs = settings.rateLimitWindowMs;
          const label = `${groupLabel(group, tier)} ${limit}/${group.spec.windowSeconds}s as ${principal.name}`;
          probes.push({ property, options: { group, limit, principal, ...(other ? { other } : {}), ...(windowMs === undefined ? {} : { windowMs }), request, label, clause: options.clause } });
        }
        await runProbes(session, probes);
      }
    },
  };
}
