/**
 * What Glance's random visibility model reaches, seed by seed. The fixed suites assert sharing and
 * the list filters in every run; the model explores on top of them, and its weights (targeted
 * share/answer steps, the filtered lists listed twice) are meant to make every run of the default
 * size reach each judged step below at least once. This runs `conform run glance` on its embedded
 * reference server at the default size for N seeds and counts, in each run's exchanges.har, the
 * model's requests (`_operationId: visibility`) of each kind and their answers.
 *
 *   npx tsx bench/model-reach.ts [--seeds 10] [--seed-base 1]
 *
 * Prints one row per seed and the seeds that missed each step; exits 1 if any step was missed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin', 'conform.js');

interface HarEntry {
  readonly _operationId?: string;
  readonly request: { readonly method: string; readonly url: string; readonly postData?: { readonly text?: string } };
  readonly response: { readonly status: number };
}

/** A judged step of the model and how to recognise its request and answer. */
const STEPS: readonly { readonly name: string; readonly matches: (entry: HarEntry, url: URL) => boolean }[] = [
  { name: 'member added (200)', matches: (e, u) => e.request.method === 'POST' && u.pathname.endsWith('/members') && e.response.status === 200 },
  { name: 'duplicate member (409)', matches: (e, u) => e.request.method === 'POST' && u.pathname.endsWith('/members') && e.response.status === 409 },
  { name: 'member accepts (200)', matches: (e, u) => e.request.method === 'PUT' && u.pathname.includes('/members/') && /"accepted"/.test(e.request.postData?.text ?? '') && e.response.status === 200 },
  { name: 'member rejects (200)', matches: (e, u) => e.request.method === 'PUT' && u.pathname.includes('/members/') && /"rejected"/.test(e.request.postData?.text ?? '') && e.response.status === 200 },
  ...(['public', 'private', 'shared', 'community'] as const).map((visibility) => ({
    name: `visibility=${visibility} list`,
    matches: (e: HarEntry, u: URL) => e.request.method === 'GET' && u.searchParams.get('visibility') === visibility && !u.searchParams.has('member_status'),
  })),
  { name: 'member_status list', matches: (e, u) => e.request.method === 'GET' && u.searchParams.has('member_status') },
  { name: 'PATCH to community (200)', matches: (e) => e.request.method === 'PATCH' && /"community"/.test(e.request.postData?.text ?? '') && e.response.status === 200 },
];

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

const seeds = option('--seeds', 10);
const base = option('--seed-base', 1);
const work = mkdtempSync(join(tmpdir(), 'conform-model-reach-'));
const missed = new Map<string, number[]>(STEPS.map((step) => [step.name, []]));
try {
  process.stdout.write(`seed | ${STEPS.map((step) => step.name).join(' | ')}\n`);
  for (let seed = base; seed < base + seeds; seed += 1) {
    const out = join(work, `seed-${seed}`);
    const run = spawnSync(process.execPath, [CLI, 'run', 'glance', '--seed', String(seed), '--quiet', '--out', out], { cwd: ROOT, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`conform run glance --seed ${seed} exited ${String(run.status)}: ${run.stderr}`);
    const har = JSON.parse(readFileSync(join(out, 'exchanges.har'), 'utf8')) as { log: { entries: HarEntry[] } };
    const model = har.log.entries.filter((entry) => entry._operationId === 'visibility');
    const counts = STEPS.map((step) => model.filter((entry) => step.matches(entry, new URL(entry.request.url))).length);
    for (const [index, count] of counts.entries()) if (count === 0) missed.get(STEPS[index]?.name ?? '')?.push(seed);
    process.stdout.write(`${seed} | ${counts.join(' | ')}\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
let allReached = true;
for (const [name, seedsMissed] of missed) {
  process.stdout.write(`${name}: reached in ${seeds - seedsMissed.length}/${seeds} runs${seedsMissed.length > 0 ? ` (missed at seeds ${seedsMissed.join(', ')})` : ''}\n`);
  if (seedsMissed.length > 0) allReached = false;
}
process.exitCode = allReached ? 0 : 1;
