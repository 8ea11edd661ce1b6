import type { Operation, SecurityScheme } from '../types.ts';

/*
 * `x-rate-limit`, conform's extension for a documented quota (README, "Our OpenAPI extensions"), read
 * from the document once, here: the pacer (transport of a run), the quota notice and request budget
 * (CLI) and the rate-limit probe (a semantic suite) all take it from this file.
 */

/** One `tiers` entry of `x-rate-limit`: a different limit for credentials starting with `keyPrefix`. */
export interface RateLimitTier {
  readonly name: string;
  readonly keyPrefix: string;
  readonly limit: number;
}

/** An operation's documented quota (`x-rate-limit`). */
export interface RateLimitSpec {
  readonly limit: number;
  readonly windowSeconds: number;
  readonly scope: readonly string[];
  readonly tiers: readonly RateLimitTier[];
}

/** The operation's `x-rate-limit`, validated; undefined when absent or malformed. */
export function rateLimitOf(operation: Operation): RateLimitSpec | undefined {
  const raw = operation.extensions['x-rate-limit'];
  if (typeof raw !== 'object' || raw === null) return undefined;
  const fields = raw as Record<string, unknown>;
  const { limit, windowSeconds } = fields;
  if (typeof limit !== 'number' || typeof windowSeconds !== 'number' || limit < 1 || windowSeconds <= 0) return undefined;
  const scope = Array.isArray(fields.scope) ? fields.scope.filter((item): item is string => typeof item === 'string') : [];
  const tiers = Array.isArray(fields.tiers)
    ? fields.tiers.flatMap((tier: unknown): RateLimitTier[] => {
        const t = tier as Record<string, unknown> | null;
        return t && typeof t.name === 'string' && typeof t.keyPrefix === 'string' && typeof t.limit === 'number' ? [{ name: t.name, keyPrefix: t.keyPrefix, limit: t.limit }] : [];
      })
    : [];
  return { limit, windowSeconds, scope, tiers };
}

/** Operations sharing one documented quota: the scope counts requests per key, across operations. */
export interface QuotaGroup {
  readonly spec: RateLimitSpec;
  readonly operations: readonly Operation[];
}

/** Groups the operations carrying `x-rate-limit` by identical quota, in document order. */
export function quotaGroups(operations: readonly Operation[]): QuotaGroup[] {
  return groupBySpec(operations, rateLimitOf);
}

/** A quota written as numbers, by operationId (a declaration's `rateLimits`; announced ones have none). */
export interface NumericQuota {
  readonly limit?: number;
  readonly windowSeconds?: number;
  readonly scope?: readonly string[];
  readonly tiers?: readonly RateLimitTier[];
}

/**
 * The quota groups of a declaration's numeric quotas, in document order: the same groups `x-rate-limit`
 * gives when that is where they were written, and the config's or the document's `x-conform` otherwise.
 */
export function declaredQuotaGroups(operations: readonly Operation[], quotas: Readonly<Record<string, NumericQuota>>): QuotaGroup[] {
  return groupBySpec(operations, (operation) => {
    const quota = quotas[operation.id];
    if (!quota || quota.limit === undefined || quota.windowSeconds === undefined) return undefined;
    return { limit: quota.limit, windowSeconds: quota.windowSeconds, scope: quota.scope ?? [], tiers: quota.tiers ?? [] };
  });
}

function groupBySpec(operations: readonly Operation[], specOf: (operation: Operation) => RateLimitSpec | undefined): QuotaGroup[] {
  const groups = new Map<string, { spec: RateLimitSpec; operations: Operation[] }>();
  for (const operation of operations) {
    const spec = specOf(operation);
    if (!spec) continue;
    const key = JSON.stringify(spec);
    const group = groups.get(key) ?? { spec, operations: [] };
    group.operations.push(operation);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/**
 * The credential a quota is keyed by: the value sent for the first apiKey/http scheme present, a bearer
 * token without its prefix. `header` looks a header up by lower-case name, `query` a query parameter.
 */
export function credentialIn(
  schemes: readonly SecurityScheme[],
  header: (lowerCaseName: string) => string | undefined,
  query: (name: string) => string | undefined,
): string | undefined {
  for (const scheme of schemes) {
    const name = scheme.type === 'apiKey' && scheme.in === 'header' ? scheme.paramName : scheme.type === 'http' ? 'authorization' : undefined;
    if (!name) continue;
    const value = header(name.toLowerCase());
    if (value) return value.replace(/^bearer\s+/i, '');
    const inQuery = scheme.type === 'apiKey' && scheme.in === 'query' ? query(name) : undefined;
    if (inQuery) return inQuery;
  }
  return undefined;
}

/** The limit that applies to a credential: the first tier whose prefix matches, else the default. */
export function limitFor(spec: RateLimitSpec, credential: string | undefined): { limit: number; tier?: string } {
  const tier = credential === undefined ? undefined : spec.tiers.find((candidate) => credential.startsWith(candidate.keyPrefix));
  return tier ? { limit: tier.limit, tier: tier.name } : { limit: spec.limit };
}
