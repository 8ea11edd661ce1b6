import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Summary } from '../src/report/summary-report.ts';
import { conform, type CliResult } from './support/conform-cli.ts';

// Issue 10, "Hostile targets": each target misbehaves in one way; conform must give a finding of the
// right check (exit 1) or one line (exit 3), never a stack trace, a hang or a crash.

const ROOT = join(import.meta.dirname, '..');
const API = join(ROOT, 'test', 'fixtures', 'hostile', 'api.yaml');
const STACK_TRACE = /\n\s+at /;

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

const json = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
};

/**
 * What the document describes, done right: so a finding in a hostile run comes from the one thing the
 * scenario breaks, not from a sloppy fixture.
 */
const conformant: Handler = (request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    json(response, 405, { message: 'method not allowed' }, { allow: 'GET' });
    return;
  }
  if (url.pathname === '/status') {
    json(response, 200, { status: 'ok' });
    return;
  }
  if (url.pathname === '/items') {
    const limit = url.searchParams.getAll('limit');
    const value = limit.length === 1 ? Number(limit[0]) : 1;
    if (limit.length > 1 || !/^\d+$/.test(limit[0] ?? '1') || value < 1 || value > 10) {
      json(response, 400, { message: 'bad limit' });
      return;
    }
    json(response, 200, { items: [{ id: '1', name: 'one' }] });
    return;
  }
  if (url.pathname === '/feed') {
    json(response, 200, ['first', 'second']);
    return;
  }
  if (url.pathname === '/') {
    json(response, 200, { paths: ['/items', '/status', '/feed'] });
    return;
  }
  json(response, 404, { message: 'not found' });
};

/** The conformant server except on the paths a scenario overrides. */
function serve(overrides: Readonly<Record<string, Handler>>): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    (overrides[path] ?? conformant)(request, response);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      }),
    ),
  );
}

interface HostileRun extends CliResult {
  readonly summary: Summary | undefined;
}

// Each run is a CLI process, a vitest worker and an Allure render (~10 CPU-seconds): at most two at a
// time on the shared machine, and one run per server, each server breaking different operations.
const MAX_PARALLEL_RUNS = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function withRunSlot<T>(task: () => Promise<T>): Promise<T> {
  if (running >= MAX_PARALLEL_RUNS) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await task();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

function runAgainst(overrides: Readonly<Record<string, Handler>>, extra: readonly string[] = []): Promise<HostileRun> {
  return withRunSlot(async () => {
    const target = await serve(overrides);
    const out = mkdtempSync(join(tmpdir(), 'conform-hostile-'));
    try {
      const result = await conform(['run', API, '--target', target.url, '--seed', '7', '--max-examples', '3', '--request-timeout', '500', '--workers', '1', '--out', out, '--quiet', ...extra]);
      const summaryPath = join(out, 'summary.json');
      const summary = existsSync(summaryPath) ? (JSON.parse(readFileSync(summaryPath, 'utf8')) as Summary) : undefined;
      return { ...result, summary };
    } finally {
      await target.close();
    }
  });
}

/** A run started on first use and shared by the tests that read it. */
function lazyRun(start: () => Promise<HostileRun>): () => Promise<HostileRun> {
  let run: Promise<HostileRun> | undefined;
  return () => (run ??= start());
}

function findingsOf(run: HostileRun, check: string): string {
  return (run.summary?.findings.filter((finding) => finding.check === check).map((finding) => finding.message) ?? []).join('\n');
}

/** Every run: a verdict, no stack trace, no "bug in conform". */
function expectCleanVerdict(run: HostileRun, status: number): void {
  expect(run.stderr).not.toMatch(STACK_TRACE);
  expect(run.stderr).not.toContain('CONFORM_INTERNAL');
  expect(run.status, run.stderr).toBe(status);
}

const closeAfterEachResponse: Handler = (request, response) => {
  response.shouldKeepAlive = false;
  response.on('finish', () => request.socket.destroy());
  conformant(request, response);
};

const everything500: Handler = (_request, response) => json(response, 500, { message: 'boom' });

const malformedJson: Handler = (_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"status": "ok",');

const notUtf8: Handler = (_request, response) =>
  response.writeHead(200, { 'content-type': 'application/json' }).end(Buffer.concat([Buffer.from('["'), Buffer.from([0xff, 0xfe, 0xe9]), Buffer.from('"]')]));

const jsonAsHtml: Handler = (_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('{"status":"ok"}');

// Node sets no content-type unless told to.
const noContentType: Handler = (_request, response) => response.writeHead(200).end(JSON.stringify({ items: [{ id: '1', name: 'one' }] }));

const hugeBody: Handler = (_request, response) =>
  json(response, 200, { items: Array.from({ length: 5_000 }, (_, index) => ({ id: String(index), name: `item number ${index}` })) });

const redirectToSelf: Handler = (request, response) => response.writeHead(302, { location: request.url ?? '/' }).end();

const resetMidBody: Handler = (_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': '200' });
  response.write('{"items":[{"id":"1",');
  setTimeout(() => response.socket?.resetAndDestroy(), 10);
};

const neverAnswer: Handler = () => {
  // no headers ever: the 500 ms request timeout must end it
};

const trickle: Handler = (_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.write('["');
  let count = 0;
  // bounded: at most 100 bytes, one per 50 ms, far past the 500 ms budget
  const timer = setInterval(() => {
    count += 1;
    if (count > 100 || response.destroyed) {
      clearInterval(timer);
      if (!response.destroyed) response.end('"]');
      return;
    }
    response.write('x');
  }, 50);
};

const runs = {
  keepAliveClosed: lazyRun(() => runAgainst({ '/': closeAfterEachResponse, '/items': closeAfterEachResponse, '/status': closeAfterEachResponse, '/feed': closeAfterEachResponse })),
  all500: lazyRun(() => runAgainst({ '/items': everything500, '/status': everything500, '/feed': everything500 })),
  badBodies: lazyRun(() => runAgainst({ '/status': malformedJson, '/feed': notUtf8 })),
  contentTypes: lazyRun(() => runAgainst({ '/status': jsonAsHtml, '/items': noContentType })),
  hugeAndRedirect: lazyRun(() => runAgainst({ '/items': hugeBody, '/status': redirectToSelf, '/feed': redirectToSelf }, ['--max-response-bytes', '4096'])),
  brokenTransport: lazyRun(() => runAgainst({ '/items': resetMidBody, '/status': neverAnswer, '/feed': trickle })),
};

describe.concurrent('conform run against hostile targets', { timeout: 120_000 }, () => {
  it('should exit 3 with one line when the port is closed before any check ran', async () => {
    const target = await serve({});
    await target.close();
    const run = await withRunSlot(() => conform(['run', API, '--target', target.url, '--out', mkdtempSync(join(tmpdir(), 'conform-hostile-'))]));
    expect(run.status).toBe(3);
    expect(run.stderr.split('\n').filter((line) => line.startsWith('conform: CONFORM_'))).toEqual([expect.stringMatching(/^conform: CONFORM_TARGET_UNREACHABLE: .*connection refused/)]);
    expect(run.stderr).not.toMatch(STACK_TRACE);
  });

  it('should exit 0 when the server closes every keep-alive connection after one response (the fixture server is otherwise conformant)', async () => {
    const run = await runs.keepAliveClosed();
    expectCleanVerdict(run, 0);
    expect(run.summary?.ok).toBe(true);
    expect(run.summary?.stats.requests).toBeGreaterThan(3);
  });

  it('should report not_a_server_error for every operation when the server answers 500 to everything', async () => {
    const run = await runs.all500();
    expectCleanVerdict(run, 1);
    for (const operation of ['GET /items', 'GET /status', 'GET /feed']) expect(findingsOf(run, 'not_a_server_error')).toContain(`${operation} answered 500`);
  });

  it('should report response_schema_conformance for malformed JSON labelled application/json', async () => {
    const run = await runs.badBodies();
    expectCleanVerdict(run, 1);
    expect(findingsOf(run, 'response_schema_conformance')).toMatch(/GET \/status/);
  });

  it('should report response_schema_conformance, not crash, for a body that is not UTF-8', async () => {
    const run = await runs.badBodies();
    expectCleanVerdict(run, 1);
    expect(findingsOf(run, 'response_schema_conformance')).toMatch(/GET \/feed/);
    // the well-behaved operation is still tested, and passes
    expect(findingsOf(run, 'response_schema_conformance')).not.toMatch(/GET \/items/);
  });

  it('should report content_type_conformance for JSON labelled text/html', async () => {
    const run = await runs.contentTypes();
    expectCleanVerdict(run, 1);
    expect(findingsOf(run, 'content_type_conformance')).toMatch(/GET \/status/);
  });

  it('should report content_type_conformance for a response with no content type', async () => {
    const run = await runs.contentTypes();
    expectCleanVerdict(run, 1);
    expect(findingsOf(run, 'content_type_conformance')).toMatch(/GET \/items/);
  });

  it('should cut a body larger than --max-response-bytes and report it as a finding', async () => {
    const run = await runs.hugeAndRedirect();
    expectCleanVerdict(run, 1);
    expect(findingsOf(run, 'response_schema_conformance')).toMatch(/GET \/items answered 200 with a body larger than the cap \(4096 bytes kept\)/);
  });

  it('should judge a redirect loop as 302 responses, not follow it', async () => {
    const run = await runs.hugeAndRedirect();
    expectCleanVerdict(run, 1);
    expect(findingsOf(run, 'status_code_conformance')).toMatch(/GET \/status.*302/);
    expect(findingsOf(run, 'status_code_conformance')).toMatch(/GET \/feed.*302/);
  });

  it('should report not_a_server_error when the connection is reset mid-body', async () => {
    const run = await runs.brokenTransport();
    expectCleanVerdict(run, 1);
    expect(findingsOf(run, 'not_a_server_error')).toMatch(/GET \/items gave no response: .*(reset|closed)/);
  });

  it('should report not_a_server_error at the request timeout when headers never come', async () => {
    const run = await runs.brokenTransport();
    expectCleanVerdict(run, 1);
    expect(findingsOf(run, 'not_a_server_error')).toMatch(/GET \/status gave no response: .*\(500 ms\)/);
  });

  it('should report not_a_server_error at the request timeout when the body trickles', async () => {
    const run = await runs.brokenTransport();
    expectCleanVerdict(run, 1);
    expect(findingsOf(run, 'not_a_server_error')).toMatch(/GET \/feed gave no response: .*\(500 ms\)/);
  });
});
