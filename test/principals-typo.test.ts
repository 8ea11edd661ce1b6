import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { glanceDefaultPrincipals } from '../src/reference/glance/principals.ts';
import type { Summary } from '../src/report/summary-report.ts';
import { conform } from './support/conform-cli.ts';

describe('a typo in the principals file', () => {
  it('should be named before the run, with the name it probably meant, and again in the verdict block with every suite it skipped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conform-principals-'));
    const file = join(dir, 'principals.json');
    const { owner, ...rest } = glanceDefaultPrincipals;
    writeFileSync(file, JSON.stringify({ ownr: owner, ...rest }));
    const result = await conform(['run', 'glance', '--principals', file, '--max-examples', '2', '--out', join(dir, 'out'), '--quiet']);
    const firstLines = result.stderr.split('\n').slice(0, 3).join('\n');
    expect(firstLines).toContain("conform: warning: principals: 'ownr' is not a principal the glance suites use; did you mean 'owner'?");
    const verdictBlock = result.stdout.slice(result.stdout.indexOf('glance: '));
    // Nothing failed, but the suites that need 'owner' did not run: never a plain CONFORMANT.
    expect(result.status).toBe(0);
    expect(verdictBlock).toMatch(/^glance: CONFORMANT \(incomplete\) against /);
    expect(verdictBlock).toMatch(/! incomplete: \d+ semantic suite result\(s\) skipped; the verdict covers only what ran:/);
    expect(verdictBlock).toContain("! principals: no principal 'owner': the glance suites that need it will be skipped");
    const skipped = verdictBlock.split('\n').filter((line) => line.startsWith('  - skipped ['));
    expect(skipped.length).toBeGreaterThanOrEqual(4);
    expect(skipped.some((line) => /\[visibility_isolation\].*'owner'/.test(line))).toBe(true);
    expect(skipped.some((line) => /\[lifecycle_semantics\].*'owner'/.test(line))).toBe(true);
    const summary = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')) as Summary;
    expect(summary.coverage?.suitesSkipped.map((skip) => skip.id)).toEqual(expect.arrayContaining(['visibility_isolation', 'visibility_applied', 'lifecycle_semantics']));
    expect(summary.coverage?.suitesSkipped.length).toBe(skipped.length);

    // A CI gate that must not pass on what it never ran.
    const required = await conform(['run', 'glance', '--principals', file, '--max-examples', '2', '--require-suites', '--out', join(dir, 'required'), '--quiet']);
    expect(required.status).toBe(1);
    expect(required.stdout).toMatch(/^glance: INCOMPLETE against /m);
  });
});
