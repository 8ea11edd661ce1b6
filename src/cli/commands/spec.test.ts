import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../main.ts';

const FIXTURES = 'test/fixtures/specs';
const PRIME_SEED = '../shared/seeds/prime-intellect-update-image-visibility.md';
const GLANCE_SEED = '../shared/seeds/openstack-glance-v2-images.md';

async function run(argv: string[]): Promise<{ status: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const status = await main(argv, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { status, out, err };
}

describe('conform spec', () => {
  it('should exit 2 with one line and no stack for /dev/null', async () => {
    // Act
    const { status, out, err } = await run(['spec', '/dev/null']);
    // Assert
    expect(status).toBe(2);
    expect(out).toEqual([]);
    expect(err).toEqual(['conform: CONFORM_SPEC_INVALID: /dev/null at /openapi: empty document; expected an OpenAPI 3.x or Swagger 2.0 document']);
  });

  it('should exit 2 with one line for a YAML file that is not OpenAPI', async () => {
    // Act
    const { status, err } = await run(['spec', `${FIXTURES}/not-openapi.yaml`]);
    // Assert
    expect(status).toBe(2);
    expect(err).toEqual([`conform: CONFORM_SPEC_INVALID: ${FIXTURES}/not-openapi.yaml at /openapi: not an OpenAPI document: no \`openapi\` or \`swagger\` key at the root`]);
  });

  it('should load a dangling $ref with a warning naming the pointer and the unusable operation', async () => {
    // Act
    const { status, out, err } = await run(['spec', `${FIXTURES}/dangling-ref.yaml`]);
    // Assert
    expect(status).toBe(0);
    expect(out[1]).toBe('1 operation: GET 1 (1 more unusable, see warnings)');
    expect(err).toEqual([
      `conform: warning: ${FIXTURES}/dangling-ref.yaml at /paths/~1things/post/requestBody/content/application~1json/schema: $ref #/components/schemas/Missing resolves to nothing [unusable: createThing]`,
    ]);
  });

  it('should exit 2 in one line for a dangling $ref under --strict', async () => {
    // Act
    const { status, out, err } = await run(['spec', '--strict', `${FIXTURES}/dangling-ref.yaml`]);
    // Assert
    expect(status).toBe(2);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^conform: CONFORM_SPEC_INVALID: .*dangling-ref\.yaml at \/paths\/~1things\/post\/requestBody\/content\/application~1json\/schema: .*\[unusable: createThing\] \(--strict\)$/);
  });

  it('should summarize and write the merged document with --out', async () => {
    // Arrange
    const file = join(mkdtempSync(join(tmpdir(), 'conform-spec-')), 'merged.json');
    // Act
    const { status, out } = await run(['spec', `${FIXTURES}/fragment-a.yaml`, `${FIXTURES}/fragment-b.yaml`, '--out', file]);
    // Assert
    expect(status).toBe(0);
    expect(out.slice(0, 2)).toEqual([`${FIXTURES}/fragment-a.yaml + ${FIXTURES}/fragment-b.yaml: Frag 1 (OpenAPI 3.0.3)`, '2 operations: GET 2']);
    expect(Object.keys((JSON.parse(readFileSync(file, 'utf8')) as { paths: object }).paths)).toEqual(['/x', '/y']);
  });

  it.skipIf(!existsSync(GLANCE_SEED))('should report the 7 operations of the Glance seed page (needs ../shared; skipped where it is absent)', async () => {
    // Act
    const { status, out, err } = await run(['spec', GLANCE_SEED]);
    // Assert
    expect(status).toBe(0);
    expect(err).toEqual([]);
    expect(out[1]).toBe('7 operations: GET 2, POST 3, DELETE 1, PATCH 1');
  });

  it.skipIf(!existsSync(PRIME_SEED))('should merge the Prime seed page with a 3.0 document (needs ../shared; skipped where it is absent)', async () => {
    // Act
    const { status, out } = await run(['spec', `${FIXTURES}/pets-3.0.yaml`, PRIME_SEED, '--json']);
    // Assert
    expect(status).toBe(0);
    expect(JSON.parse(out.join('\n'))).toMatchObject({ operations: 3, openapi: '3.1.0', methods: { GET: 2, PATCH: 1 } });
  });
});

describe('conform ops', () => {
  it('should list method, path, operationId and tags as an aligned table', async () => {
    // Act
    const { status, out } = await run(['ops', `${FIXTURES}/fragment-a.yaml`, `${FIXTURES}/duplicate-ids.yaml`]);
    // Assert
    expect(status).toBe(0);
    expect(out).toEqual([
      'METHOD  PATH     OPERATIONID  TAGS',
      'GET     /x       getX         things',
      'GET     /a       get',
      'GET     /b       get',
      'GET     /c/{id}  getC',
    ]);
  });
});
