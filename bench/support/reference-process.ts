import { join } from 'node:path';
import type { ReferenceApiName } from '../../src/reference/apis.ts';
import { startProcessServer, type ProcessServer } from '../../test/support/process-server.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** A reference server running in its own process: it gets its own core, as a real target would. */
export type ReferenceProcess = ProcessServer;

/**
 * Starts `conform serve <api>` as a child process and resolves once it prints its URL (without the
 * API's base path). The quota window is 1 ms so the documented 100/min never throttles a benchmark
 * of thousands of requests.
 */
export function startReferenceProcess(api: ReferenceApiName, faults: readonly string[] = []): Promise<ReferenceProcess> {
  const args = ['serve', api, '--port', '0', '--rate-window-ms', '1', ...faults.flatMap((fault) => ['--fault', fault])];
  return startProcessServer(join(ROOT, 'bin', 'conform.js'), args, { cwd: ROOT });
}
