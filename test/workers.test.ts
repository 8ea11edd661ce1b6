import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request as forward, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../src/reference/index.ts';
import type { Summary } from '../src/report/summary-report.ts';
import { conform, type CliResult } from './support/conform-cli.ts';

const SEED = '777';
/** A fault on a read (concurrent sends) and one on every image body (all operations). */
const FAULTS = ['content_type_conformance/show-text-plain', 'response_schema_conformance/status-uppercase'];

/** A loopback pass-through that records the most requests it ever had in flight at once. */
interface CountingProxy {
  readonly url: string;
  peak: number;
  reset(): void;
  close(): Promise<void>;
}

async function countingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  let inFlight = 0;
  const proxy = {
    url: '',
    peak: 0,
    reset(): void {
      proxy.peak = 0;
    },
    close: (): Promise<void> => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((incoming, outgoing) => {
    inFlight += 1;
    proxy.peak = Math.max(proxy.peak, inFlight);
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      inFlight -= 1;
    };
    outgoing.on('close', finish);
    const upstreamRequest = forward(
      { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstreamRequest.on('error', () => outgoing.destroy());
    incoming.pipe(upstreamRequest);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}

function readSummary(dir: string): Summary {
  return JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
}

function stableChecks(summary: Summary): string[] {
  return summary.checks.map((check) => `${check.operation} | ${check.id} | ${check.status} | ${check.requests}`);
}

function findingKeys(summary: Summary): string[] {
  return summary.findings.map((finding) => `${finding.check} | ${finding.operation} | ${finding.key} | ${finding.message}`).sort();
}

describe('conform run --workers N', () => {
  const work = mkdtempSync(join(tmpdir(), 'conform-workers-'));
  let one: { result: CliResult; peak: number; summary: Summary };
  let four: { result: CliResult; peak: number; summary: Summary };
  const servers: ReferenceServer[] = [];
  const proxies: CountingProxy[] = [];

  /** A fresh faulty target behind a counting proxy, so both runs start from the same state. */
  async function runWith(workers: number): Promise<{ result: CliResult; peak: number; summary: Summary }> {
    const server = await startReferenceServer({ api: 'glance', faults: FAULTS, seedData: 2 });
    servers.push(server);
    const proxy = await countingProxy(server.url);
    proxies.push(proxy);
    const out = join(work, `workers-${workers}`);
    const result = await conform(['run', 'glance', '--target', `${proxy.url}/v2`, '--seed', SEED, '--max-examples', '4', '--workers', String(workers), '--out', out, '--quiet']);
    return { result, peak: proxy.peak, summary: readSummary(out) };
  }

  beforeAll(async () => {
    one = await runWith(1);
    four = await runWith(4);
  }, 10 * 60_000);

  afterAll(async () => {
    for (const proxy of proxies) await proxy.close();
    for (const server of servers) await server.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('should keep one request in flight with --workers 1 and several with --workers 4', () => {
    // Arrange, Act: the runs above. Assert
    expect(one.peak).toBe(1);
    expect(four.peak).toBeGreaterThan(1);
    expect(four.peak).toBeLessThanOrEqual(4);
  });

  it('should find the same defects with --workers 4 as with --workers 1 for the same seed', () => {
    // Arrange, Act: the runs above. Assert
    expect(one.result.status).toBe(1);
    expect(four.result.status).toBe(one.result.status);
    expect(findingKeys(one.summary).length).toBeGreaterThan(0);
    expect(findingKeys(four.summary)).toEqual(findingKeys(one.summary));
  });

  it('should report the same checks, statuses and request counts, in the same order', () => {
    // Arrange, Act: the runs above. Assert
    expect(stableChecks(four.summary)).toEqual(stableChecks(one.summary));
    expect(four.summary.stats.requests).toBe(one.summary.stats.requests);
  });
});
