/**
 * Declared fixtures: resources that already exist on a target conform did not start, which a run may
 * change because the user said so, and must put back. Real conformance suites (OpenStack Tempest's
 * pre-provisioned resources, for one) work this way when an API has no create: Prime documents none,
 * so on a user's deployment its visibility suites act only on the images declared here.
 *
 * The file (YAML or JSON, `${ENV}` substituted in any string), by API, then by principal:
 *
 *     prime:
 *       owner:
 *         - { image_name: python-base, image_tag: "3.11" }
 *         - { image_name: team-runtime, image_tag: "2024.1", team_id: team-1 }
 *       other:
 *         - { image_name: secret-model, image_tag: latest }
 *     img:
 *       owner:
 *         - { id: img_123 }
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ConfigInvalidError } from './errors.ts';
import { substituteEnv } from './principals.ts';

/** One declared resource: Prime names an image by name and tag (and team), the other APIs by id. */
export interface FixtureRef {
  readonly image_name?: string;
  readonly image_tag?: string;
  /** Prime: the team whose image it is; the principal must be a member. Absent: the principal's own. */
  readonly team_id?: string;
  readonly id?: string;
}

/** One API's fixtures, by the principal that owns (or may change) each. */
export type ApiFixtures = Readonly<Record<string, readonly FixtureRef[]>>;

/** A fixtures file: by API name. */
export type FixturesByApi = Readonly<Record<string, ApiFixtures>>;

const FIELDS = new Set(['image_name', 'image_tag', 'team_id', 'id']);

function parseRef(raw: unknown, where: string): FixtureRef {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigInvalidError(`${where} must be an object such as {image_name, image_tag} or {id}`);
  const entries = Object.entries(raw);
  const unknown = entries.filter(([key]) => !FIELDS.has(key)).map(([key]) => key);
  if (unknown.length > 0) throw new ConfigInvalidError(`${where}: unknown field(s) ${unknown.join(', ')} (known: ${[...FIELDS].join(', ')})`);
  const ref: Record<string, string> = {};
  for (const [key, value] of entries) {
    // YAML reads `3.11` or `latest` unquoted as a number or string; a tag is text either way.
    if (typeof value !== 'string' && typeof value !== 'number') throw new ConfigInvalidError(`${where}.${key} must be a string`);
    ref[key] = String(value);
  }
  const named = ref.image_name !== undefined && ref.image_tag !== undefined;
  if (!named && ref.id === undefined) throw new ConfigInvalidError(`${where} needs image_name and image_tag (Prime) or id (IMG, Glance)`);
  return ref;
}

/** Validates a fixtures document (already parsed); `${ENV}` substituted in every string. */
export function parseFixtures(raw: unknown, source: string, env: Readonly<Record<string, string | undefined>> = process.env): FixturesByApi {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigInvalidError(`${source}: fixtures must be an object of {"<api>": {"<principal>": [...]}}`);
  const out: Record<string, Record<string, FixtureRef[]>> = {};
  for (const [api, byPrincipal] of Object.entries(raw)) {
    if (typeof byPrincipal !== 'object' || byPrincipal === null || Array.isArray(byPrincipal)) throw new ConfigInvalidError(`${source}: ${api} must be an object of {"<principal>": [...]}`);
    const principals: Record<string, FixtureRef[]> = {};
    for (const [principal, refs] of Object.entries(byPrincipal)) {
      if (!Array.isArray(refs)) throw new ConfigInvalidError(`${source}: ${api}.${principal} must be a list`);
      principals[principal] = refs.map((item: unknown, index) => {
        const where = `${source}: ${api}.${principal}[${index}]`;
        const substituted = typeof item === 'object' && item !== null && !Array.isArray(item) ? Object.fromEntries(Object.entries(item).map(([key, value]) => [key, typeof value === 'string' ? substituteEnv(value, env, `${where}.${key}`) : value])) : item;
        return parseRef(substituted, where);
      });
    }
    out[api] = principals;
  }
  return out;
}

/** Reads a fixtures file (YAML, or JSON by extension). */
export async function loadFixturesFile(path: string, env: Readonly<Record<string, string | undefined>> = process.env): Promise<FixturesByApi> {
  let raw: unknown;
  try {
    const text = await readFile(path, 'utf8');
    raw = extname(path) === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error: unknown) {
    const reason = (error as { code?: string }).code ?? (error instanceof Error ? error.message.split('\n', 1)[0] : String(error));
    throw new ConfigInvalidError(`${path}: cannot read fixtures (${reason})`);
  }
  return parseFixtures(raw, path, env);
}

/** The fixtures as a YAML document a user can read and edit. */
export function renderFixtures(fixtures: FixturesByApi, header: string): string {
  const lines = header.split('\n').map((line) => `# ${line}`.trimEnd());
  for (const [api, byPrincipal] of Object.entries(fixtures)) {
    lines.push(`${api}:`);
    for (const [principal, refs] of Object.entries(byPrincipal)) {
      lines.push(`  ${principal}:`);
      for (const ref of refs) lines.push(`    - { ${Object.entries(ref).map(([key, value]) => `${key}: ${JSON.stringify(value)}`).join(', ')} }`);
    }
  }
  return `${lines.join('\n')}\n`;
}
