import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startReferenceServer } from '../src/reference/index.ts';
import { VisibilityRun } from '../src/run/semantic/visibility-run.ts';
import { SuiteRuntime } from '../src/run/suite-runtime.ts';
import { imgVisibilityOptions } from '../suites/img/visibility-options.ts';
import { referenceRunSettings } from './support/reference-settings.ts';

/** A loopback proxy that forwards the first `healthy` requests to `upstream`, then drops every connection (the target went away). */
async function failingAfter(upstream: string, healthy: number): Promise<{ readonly url: string; readonly forwarded: () => number; close(): Promise<void> }> {
  let forwarded = 0;
  const origin = new URL(upstream);
  const server: Server = createServer((incoming, outgoing) => {
    if (forwarded >= healthy) {
      incoming.socket.destroy();
      return;
    }
    forwarded += 1;
    const upstreamRequest = httpRequest({ host: origin.hostname, port: origin.port, method: incoming.method, path: incoming.url, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    upstreamRequest.on('error', () => outgoing.destroy());
    incoming.pipe(upstreamRequest);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    forwarded: () => forwarded,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('a visibility suite whose target goes away mid-sequence', () => {
  it('should end in error, saying why, and never in failed or passed', async () => {
    // Arrange: IMG learns the target in 2 requests; the target answers 20 more, then refuses every connection.
    const server = await startReferenceServer({ api: 'img', rateWindowMs: 1 });
    const proxy = await failingAfter(server.url, 22);
    const settings = referenceRunSettings('img', proxy.url, { retries: 0, maxExamples: 10 });
    const runtime = SuiteRuntime.forSettings(settings, 'visibility-outage');
    try {
      const run = new VisibilityRun(runtime, imgVisibilityOptions.definition, { shrinkBudget: 20 });

      // Act
      const outcome = await run.run('visibility_isolation');

      // Assert
      expect(proxy.forwarded()).toBe(22);
      expect(outcome.status, outcome.reason).toBe('error');
      expect(outcome.reason).toMatch(/^the sequences stopped: /);
      expect(outcome.finding).toBeUndefined();
    } finally {
      await runtime.close();
      await proxy.close();
      await server.close();
    }
  }, 120_000);
});
