#!/usr/bin/env bash
# conform as a user installs it: `npm pack`, a fresh folder, `npm init -y && npm i <tarball>`, then
# (1) every export of package.json imports from the installed package, (2) a user's own vitest file
# imports `conform` and `conform/reference` and runs the contract checks of the Glance document
# against a reference server it starts through the public API, and passes, (3) the installed CLI runs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/conform-packed-XXXXXX")"
trap 'rm -rf "$work"' EXIT

(cd "$root" && npm pack --silent --pack-destination "$work" >/dev/null)
cd "$work"
npm init -y >/dev/null
npm i --no-audit --no-fund --silent ./conform-*.tgz

# (1) Every export resolves and loads, by the name a user imports it with.
node --input-type=module -e "
const pkg = JSON.parse((await import('node:fs')).readFileSync('node_modules/conform/package.json', 'utf8'));
for (const key of Object.keys(pkg.exports)) {
  const name = key === '.' ? 'conform' : 'conform/' + key.slice(2);
  const module = key === './package.json' ? await import(name, { with: { type: 'json' } }) : await import(name);
  const names = Object.keys(key === './package.json' ? module.default : module);
  if (names.length === 0) throw new Error(name + ' exports nothing');
  console.log('import', name, 'ok:', names.slice(0, 6).join(', ') + (names.length > 6 ? ', …' : ''));
}"

# (2) A user's vitest file, as the README's "From your own tests" shows it.
cat > glance.contract.test.ts <<'TEST'
import { fileURLToPath } from 'node:url';
import { contractSuite, type Case } from 'conform';
import { startReferenceServer } from 'conform/reference';

const document = fileURLToPath(import.meta.resolve('conform/package.json').replace(/package\.json$/, 'specs/glance-v2.yaml'));
const identity = (project: string, user: string) => ({ headers: { 'X-Identity-Status': 'Confirmed', 'X-Project-Id': project, 'X-User-Id': user, 'X-Roles': 'reader,member' } });

await contractSuite({
  api: 'glance',
  sources: [document],
  startDefaultTarget: () => startReferenceServer({ api: 'glance' }),
  basePath: '/v2',
  defaultPrincipals: { owner: identity('tenant-a', 'user-a'), other: identity('tenant-b', 'user-b') },
  maxExamples: 3,
  // Glance refuses to delete a protected image: lift the protection of each image the suite made first.
  beforeRemove: (image): Case[] => [unprotect(image.id)],
});

function unprotect(id: string): Case {
  const patch = [{ op: 'replace', path: '/protected', value: false }];
  const mediaType = 'application/openstack-images-v2.1-json-patch';
  return {
    operationId: 'updateImage', method: 'PATCH', mode: 'positive',
    pathTemplate: '/images/{image_id}', pathParams: { image_id: id }, path: `/images/${encodeURIComponent(id)}`,
    query: [], cookies: {}, headers: { accept: 'application/json', 'content-type': mediaType },
    body: { mediaType, contentType: mediaType, value: patch, raw: JSON.stringify(patch) },
  };
}
TEST
# What the suite created is deleted afterwards: a leftover is printed on stderr and fails this script.
npx vitest run --reporter=dot glance.contract.test.ts 2>&1 | tee vitest.log
if grep -q 'could not delete' vitest.log; then echo "packed install: the suite left what it created on the target" >&2; exit 1; fi

# (3) The installed CLI, on the document the package ships.
npx conform spec node_modules/conform/specs/glance-v2.yaml
echo "packed install: ok ($work)"
