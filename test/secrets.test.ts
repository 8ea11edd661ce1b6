import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMG_KEYS } from '../src/reference/img/principals.ts';
import { startReferenceServer, type ReferenceServer } from '../src/reference/index.ts';
import { primeUsers } from '../src/reference/prime/principals.ts';
import { conform, type CliResult } from './support/conform-cli.ts';

// Issue 10, "Secrets": a run with known credentials against a faulty server (so there are findings,
// curl commands, failed Allure tests) must not write any of them anywhere. The reference servers accept
// only their fixed credentials, so those are the secrets here, handed over through the environment
// as a user's CI would.


function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Each secret as it may travel: raw, URL-encoded, base64 (Basic auth, encoded attachments). */
function forms(secret: string): string[] {
  return [...new Set([secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('base64url')])];
}

/** `file: secret form` for every occurrence; empty when nothing leaked. */
function leaks(outputs: ReadonlyMap<string, string>, secrets: readonly string[]): string[] {
  const found: string[] = [];
  for (const [name, text] of outputs) {
    for (const secret of secrets) for (const form of forms(secret)) if (text.includes(form)) found.push(`${name}: ${form}`);
  }
  return found;
}

interface SecretRun {
  readonly result: CliResult;
  readonly outputs: ReadonlyMap<string, string>;
  readonly files: readonly string[];
}

async function runWithSecrets(api: 'prime' | 'img', server: ReferenceServer, principals: object, env: Readonly<Record<string, string>>): Promise<SecretRun> {
  const work = mkdtempSync(join(tmpdir(), `conform-secrets-${api}-`));
  const principalsFile = join(work, 'principals.json');
  writeFileSync(principalsFile, JSON.stringify(principals));
  const out = join(work, 'out');
  // The target's quota window is 1 ms (below), not the documented minute: pacing to the document would only wait.
  const result = await conform(['run', api, '--target', server.url, '--principals', principalsFile, '--seed', '5', '--max-examples', '4', '--out', out, '--no-quota-pacing'], env);
  const files = filesUnder(out);
  const outputs = new Map<string, string>([
    ['stdout', result.stdout],
    ['stderr', result.stderr],
    ...files.map((file): [string, string] => [relative(out, file), readFileSync(file).toString('latin1')]),
  ]);
  return { result, outputs, files: files.map((file) => relative(out, file)) };
}

describe('secrets in every output of conform run', { timeout: 120_000 }, () => {
  const primeSecrets = Object.values(primeUsers).map((user) => user.token);
  const imgSecrets = IMG_KEYS.map((key) => key.key);
  let prime: ReferenceServer;
  let img: ReferenceServer;
  let primeRun: SecretRun;
  let imgRun: SecretRun;

  beforeAll(async () => {
    // A 1 ms quota window, as `conform run` gives its embedded targets: the run must not wait out 429s.
    prime = await startReferenceServer({ api: 'prime', rateWindowMs: 1, faults: ['response_schema_conformance/missing-created-at', 'ignored_auth/invalid-token-accepted'] });
    img = await startReferenceServer({ api: 'img', rateWindowMs: 1, faults: ['response_schema_conformance/missing-created-at', 'ignored_auth/missing-or-unknown-key-served'] });
    const primePrincipals = Object.fromEntries(Object.keys(primeUsers).map((name) => [name, { headers: { Authorization: `Bearer \${CONFORM_SECRET_PRIME_${name.toUpperCase()}}` } }]));
    const primeEnv = Object.fromEntries(Object.values(primeUsers).map((user) => [`CONFORM_SECRET_PRIME_${user.principal.toUpperCase()}`, user.token]));
    const imgPrincipals = { owner: { headers: { 'x-api-key': '${CONFORM_SECRET_IMG_OWNER}' } }, ownerTest: { headers: { 'x-api-key': '${CONFORM_SECRET_IMG_OWNER_TEST}' } }, other: { headers: { 'x-api-key': '${CONFORM_SECRET_IMG_OTHER}' } } };
    const imgEnv = { CONFORM_SECRET_IMG_OWNER: 'img_live_owner_key', CONFORM_SECRET_IMG_OWNER_TEST: 'img_test_owner_key', CONFORM_SECRET_IMG_OTHER: 'img_live_other_key' };
    [primeRun, imgRun] = await Promise.all([runWithSecrets('prime', prime, primePrincipals, primeEnv), runWithSecrets('img', img, imgPrincipals, imgEnv)]);
  }, 110_000);

  afterAll(async () => {
    await prime?.close();
    await img?.close();
  });

  it('should find the faults (the run had findings and curl commands to leak through)', () => {
    for (const run of [primeRun, imgRun]) {
      expect(run.result.status, run.result.stderr).toBe(1);
      const summary = JSON.parse(run.outputs.get('summary.json') ?? '{}') as { findings?: { check: string; curl?: string }[] };
      expect(summary.findings?.map((finding) => finding.check)).toContain('response_schema_conformance');
      expect(summary.findings?.some((finding) => finding.curl?.includes('[REDACTED]'))).toBe(true);
    }
  });

  it('should write every report kind (so the scan below covers them)', () => {
    for (const run of [primeRun, imgRun]) {
      expect(run.files).toEqual(expect.arrayContaining(['summary.json', 'junit.xml', 'exchanges.har', join('html', 'index.html')]));
      expect(run.files.some((file) => file.startsWith(`allure-results`))).toBe(true);
      expect(run.files.some((file) => file.startsWith('.events'))).toBe(true);
    }
  });

  it('should leave no Prime token in any output file, stdout or stderr', () => {
    expect(leaks(primeRun.outputs, primeSecrets)).toEqual([]);
  });

  it('should leave no IMG API key in any output file, stdout or stderr', () => {
    expect(leaks(imgRun.outputs, imgSecrets)).toEqual([]);
  });
});
