import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Principals } from '../principals.ts';
import type { Exchange, OutgoingRequest } from '../transport/exchange.ts';
import { Ledger, requestUrlOf, type LedgerEntry } from './ledger.ts';

/** Requests that make an item deletable (e.g. Glance: lift `protected`) when its DELETE was refused. */
export type Unblock = (entry: LedgerEntry) => readonly OutgoingRequest[];

export interface LedgerCleanupResult {
  readonly removed: readonly string[];
  /** `url (why)` for each item that is still there. */
  readonly left: readonly string[];
}

/** The ledger files of a run's events folder. */
export function ledgerFiles(eventsDir: string): string[] {
  try {
    return readdirSync(eventsDir)
      .filter((name) => name.endsWith('.ledger.ndjson'))
      .map((name) => join(eventsDir, name));
  } catch {
    return [];
  }
}

function headersOf(principals: Principals, name: string): Record<string, string> | undefined {
  const principal = principals.get(name);
  if (!principal) return undefined;
  return Object.fromEntries(Object.entries(principal.headers).map(([header, secret]) => [header, secret.reveal()]));
}

const isGone = (exchange: Exchange): boolean => {
  const status = exchange.response?.status ?? 0;
  return (status >= 200 && status < 300) || status === 404 || status === 410;
};

/**
 * Deletes what ledgers say a run created and did not delete, as the principal that created each item,
 * and marks each removal in its ledger. Used after an interrupted run and by `conform cleanup`.
 */
export async function cleanupLedgers(
  paths: readonly string[],
  principals: Principals,
  send: (request: OutgoingRequest) => Promise<Exchange>,
  unblock?: Unblock,
): Promise<LedgerCleanupResult> {
  const removed: string[] = [];
  const left: string[] = [];
  for (const path of paths) {
    const ledger = new Ledger(path);
    for (const entry of Ledger.read(path)) {
      const headers = headersOf(principals, entry.principal);
      if (entry.restore) {
        // A declared fixture the run changed: put back, never deleted.
        if (!headers) {
          left.push(`${entry.url} (no principal '${entry.principal}' to restore it as)`);
          continue;
        }
        const restored = await send({ method: entry.restore.method, url: requestUrlOf(entry.url), headers: { ...headers, ...entry.restore.headers }, body: entry.restore.body });
        const status = restored.response?.status ?? 0;
        if (status >= 200 && status < 300) {
          ledger.markRemoved(entry.url);
          removed.push(entry.url);
        } else {
          left.push(`${entry.url} (restoring it answered ${status || restored.failure?.message || 'nothing'})`);
        }
        continue;
      }
      if (!entry.removeMethod) {
        left.push(`${entry.url} (the API documents no delete)`);
        continue;
      }
      if (!headers) {
        left.push(`${entry.url} (no principal '${entry.principal}' to delete it as)`);
        continue;
      }
      const remove = { method: entry.removeMethod, url: entry.url, headers };
      let exchange = await send(remove);
      if (!isGone(exchange) && unblock) {
        for (const step of unblock(entry)) await send({ ...step, headers: { ...headers, ...step.headers } });
        exchange = await send(remove);
      }
      if (isGone(exchange)) {
        ledger.markRemoved(entry.url);
        removed.push(entry.url);
      } else {
        left.push(`${entry.url} (${entry.removeMethod} answered ${exchange.response?.status ?? exchange.failure?.message ?? 'nothing'})`);
      }
    }
  }
  return { removed, left };
}
