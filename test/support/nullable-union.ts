import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startProcessServer, type ProcessServer } from './process-server.ts';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'nullable-union');

/** The issue "never a silent pass"'s document: a 3.0 `nullable` beside `oneOf`. */
export const NULLABLE_UNION_DOC = join(FIXTURE, 'openapi.yaml');

/**
 * Its server, twice, each in a process of its own as a deployment is, started around the enclosing
 * `describe`: `nullOwner` answers `{"owner": null}` (conforming), `numberOwner` `{"owner": 5}` (not).
 * Read the servers inside tests: they exist once `beforeAll` has run.
 */
export function nullableUnionServers(): { readonly nullOwner: ProcessServer; readonly numberOwner: ProcessServer } {
  const servers: { nullOwner?: ProcessServer; numberOwner?: ProcessServer } = {};
  beforeAll(async () => {
    [servers.nullOwner, servers.numberOwner] = await Promise.all([startProcessServer(join(FIXTURE, 'server.mjs'), ['null']), startProcessServer(join(FIXTURE, 'server.mjs'), ['5'])]);
  });
  afterAll(async () => {
    await Promise.all([servers.nullOwner?.close(), servers.numberOwner?.close()]);
  });
  return {
    get nullOwner(): ProcessServer {
      if (!servers.nullOwner) throw new Error('the nullable-union servers start in beforeAll');
      return servers.nullOwner;
    },
    get numberOwner(): ProcessServer {
      if (!servers.numberOwner) throw new Error('the nullable-union servers start in beforeAll');
      return servers.numberOwner;
    },
  };
}
