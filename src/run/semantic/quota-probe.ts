import { setTimeout as sleep } from 'node:timers/promises';
import type { Principal } from '../../principals.ts';
import { credentialIn, type QuotaGroup } from '../../openapi/extensions/rate-limit.ts';
import type { Operation, SecurityScheme } from '../../openapi/types.ts';
import { responseHeader, type Exchange, type OutgoingRequest } from '../../transport/exchange.ts';
import { retryAfterMs } from '../../transport/retry-after.ts';
import { formatWait } from '../../transport/progress-channel.ts';
import type { ObservedDraft, SemanticSession } from './semantic-session.ts';

/** The credential a principal sends (see {@link credentialIn}). */
export function credentialOf(principal: Principal, schemes: readonly SecurityScheme[]): string | undefined {
  const headers = new Map(Object.entries(principal.headers).map(([name, value]) => [name.toLowerCase(), value]));
  return credentialIn(schemes, (name) => headers.get(name)?.reveal(), (name) => principal.query?.[name]?.reveal());
}

/** What a quota probe needs. */
export interface QuotaProbeOptions {
  readonly group: QuotaGroup;
  readonly limit: number;
  readonly principal: Principal;
  /** A principal with another credential: its requests must not be throttled by the first one's quota. */
  readonly other?: Principal;
  /** The i-th request of the burst as `principal` (round-robin over the group's operations), or undefined to leave an operation out. */
  readonly request: (operation: Operation, principal: Principal, index: number) => OutgoingRequest | undefined;
  /** Names the quota in messages. */
  readonly label: string;
  readonly clause: string;
  /**
   * The window the target actually uses, when conform knows it is shorter than the documented one (its
   * embedded probe server); the documented window otherwise.
   */
  readonly windowMs?: number;
}

/** The probe's verdict: findings, and whether the quota window was reached at all. */
export interface QuotaProbeResult {
  readonly findings: ObservedDraft[];
  readonly refusedAt?: number;
  /** Why nothing can be concluded: the burst was slower than the window, twice. */
  readonly inconclusive?: string;
}

/**
 * A probe after its burst: the findings so far and, when the quota refused, the recovery still to
 * check: the wait the refusal asked for, counted from `from` (`performance.now()` after the burst).
 */
export interface QuotaBurst extends QuotaProbeResult {
  readonly recovery?: { readonly refusal: Exchange; readonly waitMs: number; readonly from: number };
}

/** What the probe sends through: a session, or anything that sends as it does (one request, 429 included). */
export type QuotaSender = Pick<SemanticSession, 'sendRaw' | 'countedInWindow' | 'note'>;

/** How long to wait for the quota to come back: Retry-After, else RateLimit-Reset (seconds), never past the documented window. */
export function recoveryWaitMs(exchange: Exchange, windowMs: number): number | undefined {
  const retryAfter = retryAfterMs(exchange);
  const resetHeader = exchange.response ? responseHeader(exchange.response, 'ratelimit-reset') : undefined;
  const reset = resetHeader !== undefined && /^\d+$/.test(resetHeader.trim()) ? Number(resetHeader) * 1000 : undefined;
  const wait = retryAfter ?? reset;
  return wait === undefined ? undefined : Math.min(wait, windowMs);
}

function findingAdder(options: QuotaProbeOptions, findings: ObservedDraft[]) {
  return (key: string, message: string, exchange: Exchange, evidence: Record<string, unknown> = {}): void => {
    findings.push({
      draft: { key, message: `${options.label}: ${message}`, evidence: { limit: options.limit, windowSeconds: options.group.spec.windowSeconds, ...evidence } },
      clause: options.clause,
      exchange,
    });
  };
}

function probeWindowMs(options: QuotaProbeOptions): number {
  return Math.min(options.windowMs ?? Infinity, options.group.spec.windowSeconds * 1000);
}

type NthRequest = (index: number, as: Principal) => { operation: Operation; outgoing: OutgoingRequest } | undefined;

/** The i-th request of the probe as `as`, round-robin over the group's operations that have one. */
function requestsOf(options: QuotaProbeOptions): NthRequest {
  const usable = options.group.operations.filter((operation) => options.request(operation, options.principal, 0) !== undefined);
  return (index, as) => {
    const operation = usable[index % Math.max(usable.length, 1)];
    const outgoing = operation ? options.request(operation, as, index) : undefined;
    return operation && outgoing ? { operation, outgoing } : undefined;
  };
}

/**
 * Measures a documented quota: `limit` requests succeed (not 429), request `limit + 1` is 429 with
 * Retry-After, another credential is not throttled, and after waiting the Retry-After (capped by the
 * documented window) the quota is back. A 429 before `limit` may mean the window was already in use:
 * the probe waits it out once and starts again. No 429 at all is only concluded from a second burst
 * that started a window of its own. Every loop and wait is bounded.
 */
export async function probeQuota(sender: QuotaSender, options: QuotaProbeOptions): Promise<QuotaProbeResult> {
  return checkQuotaRecovery(sender, options, await burstQuota(sender, options));
}

/**
 * {@link probeQuota} up to the recovery: the burst, and the request as another credential. Another
 * quota's burst may run while this one's Retry-After passes (see rate-limit-plan.ts).
 */
export async function burstQuota(sender: QuotaSender, options: QuotaProbeOptions): Promise<QuotaBurst> {
  const { limit, principal } = options;
  const windowMs = probeWindowMs(options);
  const findings: ObservedDraft[] = [];
  const add = findingAdder(options, findings);
  const nth = requestsOf(options);
  let refusedAt: number | undefined;
  let last: Exchange | undefined;
  let burstMs = 0;
  // On a paced run the suites before this one may have spent part of the window: the pacer knows how
  // much, so the first burst expects its 429 that much sooner instead of waiting a window out (a
  // minute on a real quota). A refusal anywhere else is not explained by what the run sent, and the
  // burst is tried again in a window of its own, as when nothing was known.
  const first = nth(0, principal);
  let spent = first ? Math.min(limit, sender.countedInWindow(first.outgoing)) : 0;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    refusedAt = undefined;
    const burstStart = performance.now();
    for (let index = 0; index <= limit; index += 1) {
      const next = nth(index, principal);
      if (!next) break;
      last = await sender.sendRaw(next.operation.id, next.outgoing);
      if (last.response?.status === 429) {
        refusedAt = index + 1;
        break;
      }
    }
    burstMs = performance.now() - burstStart;
    if (refusedAt === undefined && attempt === 0) {
      // No 429 yet proves nothing when the burst spread over two windows: because it was slower than
      // the window, or because a window opened before it (by an earlier request with this credential)
      // ended during it. Try once more; after a quick burst, first wait a whole window, so the next
      // burst opens a window of its own and fits inside it.
      if (burstMs < windowMs) {
        sender.note(`rate-limit probe: no 429 in ${limit + 1} requests; waiting ${formatWait(windowMs)} for a window of its own to burst again`);
        await sleep(windowMs + 50);
      }
      spent = 0;
      continue;
    }
    if (refusedAt === undefined || refusedAt + spent === limit + 1 || attempt > 0 || !last) break;
    // Refused where what the run sent does not explain: the window may have held other requests (or
    // lost some of ours to a window boundary). Wait for a fresh one, once.
    const wait = recoveryWaitMs(last, windowMs);
    if (wait === undefined) break;
    sender.note(`rate-limit probe: refused at request ${refusedAt + spent} of the window, not the documented ${limit + 1}th; waiting ${formatWait(wait)} for a fresh window to burst again`);
    await sleep(wait + 50);
    spent = 0;
  }
  if (!last) return { findings };
  if (refusedAt === undefined && burstMs >= windowMs) {
    return { findings, inconclusive: `${limit + 1} requests took ${(burstMs / 1000).toFixed(1)} s, longer than the ${(windowMs / 1000).toFixed(1)} s window, twice: no verdict on the quota` };
  }
  if (refusedAt === undefined) {
    add('not-enforced', `${limit + 1} requests inside the window and none answered 429`, last, { sent: limit + 1 });
    return { findings };
  }
  // Counted in the window, with the requests the run had sent before the burst.
  refusedAt += spent;
  if (refusedAt <= limit) add('quota-below-documented', `request ${refusedAt} answered 429; the document allows ${limit}`, last, { refusedAt });
  const refusal = last;
  if (retryAfterMs(refusal) === undefined) add('no-retry-after', '429 without a valid Retry-After header', refusal);
  if (options.other) {
    const next = nth(0, options.other);
    if (next) {
      const exchange = await sender.sendRaw(next.operation.id, next.outgoing);
      if (exchange.response?.status === 429) add('shared-quota', `another credential (${options.other.name}) is throttled too: the quota is not counted per ${options.group.spec.scope.join(' + ') || 'credential'}`, exchange);
    }
  }
  const waitMs = recoveryWaitMs(refusal, windowMs);
  return { findings, refusedAt, ...(waitMs === undefined ? {} : { recovery: { refusal, waitMs, from: performance.now() } }) };
}

/** The rest of {@link probeQuota}: once the Retry-After has passed, the quota must be back. */
export async function checkQuotaRecovery(sender: QuotaSender, options: QuotaProbeOptions, burst: QuotaBurst): Promise<QuotaProbeResult> {
  const { recovery, ...result } = burst;
  if (!recovery) return result;
  const findings = [...burst.findings];
  const waitMs = Math.max(0, recovery.from + recovery.waitMs + 50 - performance.now());
  if (waitMs >= 1_000) sender.note(`rate-limit probe: waiting ${formatWait(waitMs)} (the Retry-After of its 429) to see the quota recover`);
  await sleep(waitMs);
  const next = requestsOf(options)(0, options.principal);
  if (next) {
    const exchange = await sender.sendRaw(next.operation.id, next.outgoing);
    if (exchange.response?.status === 429) {
      findingAdder(options, findings)('never-recovers', `still 429 after waiting the ${Math.round(recovery.waitMs / 1000)} s the server asked for`, exchange, { waitedMs: recovery.waitMs });
    }
  }
  return { ...result, findings };
}
