import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UsageError } from '../errors.ts';
import type { FaultDefinition, ReferenceApiDefinition, ReferenceServer, ReferenceServerOptions } from './types.ts';
import { SERVED_API_NAMES, servedApi, type ServedApiName } from './apis.ts';

/** The fault catalogue of one API, or of every API conform serves. */
export function listFaults(api?: ServedApiName): readonly FaultDefinition[] {
  const names = api ? [api] : SERVED_API_NAMES;
  return names.flatMap((name) => servedApi(name)?.faults ?? []);
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|::1)$/;

/** Starts a reference server on loopback; resolves once it listens. */
export async function startReferenceServer(options: ReferenceServerOptions): Promise<ReferenceServer> {
  const definition: ReferenceApiDefinition | undefined = servedApi(options.api);
  if (!definition) throw new UsageError(`unknown API '${String(options.api)}' (expected ${SERVED_API_NAMES.join(', ')})`);
  return startServerOf(definition, options);
}

/** Starts the server of a definition. */
export async function startServerOf(definition: ReferenceApiDefinition, options: Omit<ReferenceServerOptions, 'api'>): Promise<ReferenceServer> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.test(host)) throw new UsageError(`reference servers listen on loopback only, not '${host}'`);
  const known = new Set(definition.faults.map((fault) => fault.id));
  const faults = new Set<string>();
  for (const id of options.faults ?? []) {
    if (!known.has(id)) throw new UsageError(`unknown fault '${id}' for ${definition.name} (see 'conform faults ${definition.name}')`);
    faults.add(id);
  }
  let origin = '';
  const handler = definition.createHandler({
    faults,
    seedData: options.seedData ?? 0,
    rateWindowMs: options.rateWindowMs,
    origin: () => origin,
  });
  const server = createServer((request, response) => {
    Promise.resolve(handler(request, response)).catch((error: unknown) => {
      // A bug in a reference server must show as a 500 to the client, never crash the process.
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(`reference server error: ${error instanceof Error ? error.message : String(error)}`);
      } else {
        response.destroy();
      }
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${hostPart}:${address.port}`;
  return {
    url: origin,
    api: definition.name,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
