import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A resource the run created, and how to delete it. No secrets: the principal is named, not its headers. */
export interface LedgerEntry {
  readonly operationId: string;
  /** Absolute URL of the created item. */
  readonly url: string;
  /** The request that removes it, e.g. DELETE on the item URL. Absent when the API has no delete. */
  readonly removeMethod?: string;
  readonly principal: string;
  readonly createdAt: string;
  /**
   * For a declared fixture the run changes (not created): the request that puts it back as it was,
   * sent instead of a delete. `url` then names the fixture's state (e.g. its visibility endpoint).
   */
  readonly restore?: LedgerRestore;
}

/** The request that restores a declared fixture: method, body, and extra headers (e.g. content-type). */
export interface LedgerRestore {
  readonly method: string;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The URL a ledger entry's request goes to. A fixture's entry may carry a fragment that tells it apart
 * from other entries for the same fixture (Prime: one name:tag in two contexts, or two suites); a
 * fragment is never sent.
 */
export function requestUrlOf(entryUrl: string): string {
  return entryUrl.split('#', 1)[0] ?? entryUrl;
}

/** What became of a ledger entry at cleanup. */
export interface CleanupOutcome {
  readonly entry: LedgerEntry;
  readonly status: number | 'failed' | 'no-delete';
}

/**
 * The resources a run created, appended to disk synchronously at the moment each is created, so
 * `conform cleanup <ledger>` can finish the job after a crash or SIGINT.
 */
export class Ledger {
  readonly path: string;
  readonly #entries: LedgerEntry[] = [];
  readonly #removed = new Set<string>();

  constructor(path: string) {
    this.path = path;
    mkdirSync(dirname(path), { recursive: true });
  }

  record(entry: LedgerEntry): void {
    appendFileSync(this.path, `${JSON.stringify({ type: 'created', ...entry })}\n`);
    this.#entries.push(entry);
  }

  /** Marks an entry gone (deleted by a test step or by cleanup). */
  markRemoved(url: string): void {
    appendFileSync(this.path, `${JSON.stringify({ type: 'removed', url })}\n`);
    this.#removed.add(url);
  }

  /** Entries not yet removed, newest first (children before parents). */
  outstanding(): LedgerEntry[] {
    return this.#entries.filter((entry) => !this.#removed.has(entry.url)).reverse();
  }

  /** Every created and not removed entry of a ledger file, e.g. one a crashed run left. */
  static read(path: string): LedgerEntry[] {
    const created: LedgerEntry[] = [];
    const removed = new Set<string>();
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      let record: { type?: string; url?: string } & Partial<LedgerEntry>;
      try {
        record = JSON.parse(line) as typeof record;
      } catch {
        continue;
      }
      if (record.type === 'removed' && record.url) removed.add(record.url);
      if (record.type === 'created' && record.url && record.operationId && record.principal && record.createdAt) {
        created.push({
          operationId: record.operationId,
          url: record.url,
          principal: record.principal,
          createdAt: record.createdAt,
          ...(record.removeMethod ? { removeMethod: record.removeMethod } : {}),
          ...(record.restore ? { restore: record.restore } : {}),
        });
      }
    }
    return created.filter((entry) => !removed.has(entry.url)).reverse();
  }
}
