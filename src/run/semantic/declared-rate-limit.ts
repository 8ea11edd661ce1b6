/**
 * The rate-limit suite of any document, from its declaration: a quota written as numbers (as
 * `x-rate-limit`), or one the API announces in its response headers (`X-RateLimit-*` or the IETF
 * `RateLimit`/`RateLimit-Policy`), read from the target's answers. Either way the probe of the built-in
 * APIs (quota-probe.ts) checks it: enforced at the limit, 429 with Retry-After, counted per credential,
 * back after the wait. Announced quotas are checked for counting too: Remaining goes down as requests go out.
 */
import type { Declaration, RateLimitDeclaration } from '../../openapi/declaration/declaration.ts';
import { resolveDeclaration } from '../../openapi/declaration/resolve-declaration.ts';
import { declaredQuotaGroups, type QuotaGroup } from '../../openapi/extensions/rate-limit.ts';
import type { ApiModel, Operation } from '../../openapi/types.ts';
import type { Principal } from '../../principals.ts';
import { announcedQuota, type AnnouncedQuota } from './announced-quota.ts';
import { probeQuota, type QuotaSender } from './quota-probe.ts';
import { RATE_LIMIT_OPT_IN_REASON, quotaRequests, rateLimitPlan, rateLimitProperties } from './rate-limit-plan.ts';
import { plansInSequence, type SemanticPlan } from './semantic-plan.ts';
import type { ObservedDraft, SemanticProperty, SemanticSession } from './semantic-session.ts';

/** Operations that share one declared quota. */
export interface DeclaredQuota {
  readonly declared: RateLimitDeclaration;
  readonly operations: readonly Operation[];
  readonly property: SemanticProperty;
}

/** The quotas a document's declaration writes as numbers (its `x-rate-limit`, or `x-conform`), grouped as the probe runs them. */
export function numericQuotaGroups(model: ApiModel, declaration: Pick<Declaration, 'rateLimits'> = resolveDeclaration(model).declaration): QuotaGroup[] {
  return declaredQuotaGroups(model.operations, Object.fromEntries(Object.entries(declaration.rateLimits).filter(([, declared]) => !declared.headers)));
}

/**
 * The rate-limit suite of a declaration: quotas written as numbers (with their tiers) are probed by the
 * built-in APIs' plan on the declaration's groups; quotas the target announces in headers by
 * {@link declaredRateLimitPlan}. Undefined when it declares no quota.
 */
export function declaredRateLimitSuite(model: ApiModel, declaration: Pick<Declaration, 'rateLimits'>): { readonly properties: readonly SemanticProperty[]; readonly plan: () => SemanticPlan } | undefined {
  const numeric = numericQuotaGroups(model, declaration);
  const announced = declaredQuotas(model, declaration);
  if (numeric.length === 0 && announced.length === 0) return undefined;
  return {
    properties: [...rateLimitProperties(model, numeric), ...announced.map((quota) => quota.property)],
    plan: () => plansInSequence([...(numeric.length > 0 ? [rateLimitPlan(model, { preferred: 'owner', clause: CLAUSE, groups: numeric })] : []), ...(announced.length > 0 ? [declaredRateLimitPlan(model, announced)] : [])]),
  };
}

/** The quotas the target announces in headers, operations with the same declaration counted as one. */
export function declaredQuotas(model: ApiModel, declaration: Pick<Declaration, 'rateLimits'>): DeclaredQuota[] {
  const groups = new Map<string, { declared: RateLimitDeclaration; operations: Operation[] }>();
  for (const [id, declared] of Object.entries(declaration.rateLimits)) {
    if (!declared.headers) continue;
    const operation = model.operations.find((candidate) => candidate.id === id);
    if (!operation) continue;
    const key = JSON.stringify(declared);
    const group = groups.get(key) ?? { declared, operations: [] };
    group.operations.push(operation);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ declared, operations }) => {
    const more = operations.length > 1 ? ` +${operations.length - 1} operations` : '';
    const how = declared.headers ? `announced in ${declared.headers === 'ietf' ? 'RateLimit' : 'X-RateLimit-*'} headers` : `${declared.limit ?? '?'}/${declared.windowSeconds ?? '?'}s`;
    return { declared, operations, property: { checkId: 'rate_limit_enforced', operationId: operations[0]?.id ?? '?', operationLabel: `${operations[0]?.label ?? '?'}${more} (rate limit, ${how})` } };
  });
}

const CLAUSE = 'declaration: the quota is enforced at its limit (429 with Retry-After), per credential, and comes back after the wait';
const COUNTING = 'declaration: the quota headers count the requests (Remaining goes down by one a request)';

/** A quota as numbers: declared, else announced by the target (declared numbers win). */
function quotaNumbers(declared: RateLimitDeclaration, announced: AnnouncedQuota | undefined): { limit: number; windowSeconds: number } | string {
  const limit = declared.limit ?? announced?.limit;
  // The reset of an announced window bounds it from below; a whole window is at least that long.
  const windowSeconds = declared.windowSeconds ?? announced?.windowSeconds ?? (announced?.resetSeconds === undefined ? undefined : Math.max(1, announced.resetSeconds + 1));
  if (limit === undefined) return 'the declaration gives no limit and the target announced none';
  if (windowSeconds === undefined) return 'the declaration gives no window and the target announced no reset';
  return { limit, windowSeconds };
}

/**
 * One property a declared quota: as `owner` (with `other` as the second credential), after the
 * user's opt-in (`--rate-limit-probe`, it spends the quota). An announced quota is read from two
 * requests first: headers missing or a Remaining that does not go down are findings of their own.
 */
export function declaredRateLimitPlan(model: ApiModel, quotas: readonly DeclaredQuota[]): SemanticPlan {
  return {
    properties: quotas.map((quota) => quota.property),
    async run(session) {
      const { settings } = session.runtime;
      const owner = session.principal('owner');
      for (const quota of quotas) {
        if (!settings.rateLimitProbe) {
          session.skip(quota.property, RATE_LIMIT_OPT_IN_REASON);
          continue;
        }
        if (!owner) {
          session.skip(quota.property, "principal 'owner' is not configured (the probe spends its quota)");
          continue;
        }
        await session.property(quota.property, () => probeDeclared(session, model, quota, owner));
      }
    },
  };
}

async function probeDeclared(session: SemanticSession, model: ApiModel, quota: DeclaredQuota, owner: Principal): Promise<readonly ObservedDraft[] | { skip: string }> {
  const { settings } = session.runtime;
  const request = quotaRequests(model, session);
  const operation = quota.operations.find((candidate) => request(candidate, owner) !== undefined);
  const first = operation ? request(operation, owner) : undefined;
  if (!operation || !first) return { skip: `no request of ${quota.property.operationLabel} could be generated` };
  const findings: ObservedDraft[] = [];
  let spent: number | undefined;
  let announced: AnnouncedQuota | undefined;
  if (quota.declared.headers) {
    const headers = quota.declared.headers;
    const before = await session.sendRaw(operation.id, first);
    const after = await session.sendRaw(operation.id, first);
    const [one, two] = [announcedQuota(before, headers), announcedQuota(after, headers)];
    const family = headers === 'ietf' ? 'RateLimit (IETF)' : 'X-RateLimit-Limit and X-RateLimit-Remaining';
    if (!one || !two) {
      findings.push({ draft: { key: 'quota-headers-missing', message: `${quota.property.operationLabel}: the declaration says the API announces its quota, and ${operation.label} answered ${(one ? after : before).response?.status ?? 'nothing'} without ${family} headers`, evidence: { headers } }, clause: `declaration: ${operation.label} announces its quota in ${family} headers`, exchange: one ? after : before });
      if (quota.declared.limit === undefined) return findings;
    } else {
      announced = two;
      // A new window between the two requests (the reset grew) explains a Remaining that did not go down.
      const sameWindow = one.resetSeconds === undefined || two.resetSeconds === undefined || two.resetSeconds <= one.resetSeconds;
      if (two.remaining >= one.remaining && sameWindow && one.remaining > 0) {
        findings.push({ draft: { key: 'remaining-not-counted', message: `${quota.property.operationLabel}: Remaining was ${one.remaining}, then ${two.remaining} after one more request in the same window`, evidence: { first: one, second: two } }, clause: COUNTING, exchange: after });
      }
      spent = two.limit - two.remaining;
    }
  }
  const numbers = quotaNumbers(quota.declared, announced);
  if (typeof numbers === 'string') return findings.length > 0 ? findings : { skip: numbers };
  const group: QuotaGroup = { spec: { limit: numbers.limit, windowSeconds: numbers.windowSeconds, scope: quota.declared.scope ?? [], tiers: [] }, operations: quota.operations };
  // What the target announced it has counted is what the burst starts from; else what the run's pacer counted.
  const sender: QuotaSender = { sendRaw: (id, outgoing) => session.sendRaw(id, outgoing), countedInWindow: (outgoing) => spent ?? session.countedInWindow(outgoing), note: (text) => session.note(text) };
  const other = session.principal('other');
  const result = await probeQuota(sender, {
    group,
    limit: numbers.limit,
    principal: owner,
    ...(other ? { other } : {}),
    request,
    label: `${quota.property.operationLabel} ${numbers.limit}/${numbers.windowSeconds}s as owner`,
    clause: CLAUSE,
    ...(settings.rateLimitWindowMs === undefined ? {} : { windowMs: settings.rateLimitWindowMs }),
  });
  if (result.inconclusive && findings.length === 0) return { skip: result.inconclusive };
  return [...findings, ...result.findings];
}
