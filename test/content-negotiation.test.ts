import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Summary } from '../src/report/summary-report.ts';
import { conform } from './support/conform-cli.ts';
import { harEntries } from './support/har.ts';
import { startProcessServer, type ProcessServer } from './support/process-server.ts';

const ROOT = join(import.meta.dirname, '..');

interface Entry {
  readonly request: { readonly url: string; readonly headers: readonly { readonly name: string; readonly value: string }[] };
  readonly response: { readonly status: number; readonly content: { readonly mimeType?: string } };
  readonly _operationId?: string;
}

const acceptOf = (entry: Entry): string | undefined => entry.request.headers.find((header) => header.name.toLowerCase() === 'accept')?.value;

describe('content negotiation against the Glance reference server in its own process (it negotiates as upstream webob does)', () => {
  let server: ProcessServer;
  beforeAll(async () => {
    server = await startProcessServer(join(ROOT, 'bin', 'conform.js'), ['serve', 'glance', '--port', '0'], { cwd: ROOT });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('should send the documented Accept with every API request, probe each operation once without it, and pass', async () => {
    const out = mkdtempSync(join(tmpdir(), 'conform-accept-'));
    const result = await conform(['run', 'glance', '--target', `${server.url}/v2`, '--max-examples', '6', '--out', out, '--quiet']);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    const entries = harEntries(join(out, 'exchanges.har')) as Entry[];
    const withoutAccept = entries.filter((entry) => acceptOf(entry) === undefined);
    // One probe per contract operation; everything else asks for JSON.
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
    expect(summary.negotiation?.length).toBe(7);
    expect(withoutAccept.length).toBe(7);
    expect(entries.filter((entry) => acceptOf(entry) === 'application/json').length).toBe(entries.length - 7);
    // Asked for JSON, every error is JSON; not asked, the reference answers as upstream does.
    for (const entry of entries) if (entry.response.status >= 400 && acceptOf(entry) !== undefined) expect(entry.response.content.mimeType).toMatch(/^application\/json/);
    for (const observation of summary.negotiation ?? []) {
      if (observation.withoutAccept.status >= 400) expect(observation).toMatchObject({ documented: false, withoutAccept: { contentType: 'text/plain; charset=UTF-8' } });
    }
    expect(result.stdout).toMatch(/i without Accept, \d+ of 7 operation\(s\) answer in an undocumented media type .*information, not a finding/);
  });

  it('should judge the errors a client without Accept gets when told --accept none (so the header is what makes the run above pass)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'conform-accept-none-'));
    const result = await conform(['run', 'glance', '--target', `${server.url}/v2`, '--max-examples', '6', '--accept', 'none', '--checks', 'content_type_conformance', '--out', out, '--quiet']);
    expect(result.status).toBe(1);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
    expect(summary.accept).toEqual({ '*': 'none' });
    expect(summary.findings.some((finding) => finding.check === 'content_type_conformance' && /text\/plain/.test(finding.key))).toBe(true);
    const entries = harEntries(join(out, 'exchanges.har')) as Entry[];
    expect(entries.filter((entry) => entry._operationId !== undefined && acceptOf(entry) !== undefined)).toEqual([]);
  });
});
