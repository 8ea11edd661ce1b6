import type { Exchange } from '../../transport/exchange.ts';
import type { JudgedDraft } from './judge-walk.ts';

/** A request that should be refused with 400 and the exchange it got. */
export interface RefusalProbe {
  /** What is wrong with it, e.g. `marker of a deleted image`. */
  readonly what: string;
  readonly key: string;
  readonly exchange: Exchange;
}

/** A 400 is the documented answer to a bad marker or limit; anything else (a 2xx above all) is a finding. Pure. */
export function judgeRefusals(probes: readonly RefusalProbe[], label: string): JudgedDraft[] {
  return probes
    .filter((probe) => probe.exchange.response?.status !== 400)
    .map((probe) => ({
      draft: {
        key: probe.key,
        message: `${label} with a ${probe.what} answered ${probe.exchange.response?.status ?? probe.exchange.failure?.message ?? 'nothing'}, expected 400`,
        evidence: { list: label, probe: probe.what, status: probe.exchange.response?.status },
      },
      exchange: probe.exchange,
    }));
}
