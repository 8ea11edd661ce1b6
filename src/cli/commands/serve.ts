import { Option } from 'commander';
import { startReferenceServer } from '../../reference/index.ts';
import { SERVED_API_NAMES, type ServedApiName } from '../../reference/apis.ts';
import { collect, integerOption, oneOf } from '../parse-options.ts';
import type { RegisterCommand } from './command.ts';
import { writeFile } from 'node:fs/promises';
import { UsageError } from '../../errors.ts';
import { renderFixtures, type FixturesByApi, type FixtureRef } from '../../fixtures.ts';
import { seededImageRefs } from '../../reference/prime/seed-images.ts';

/** The fixture declaration of a reference server's seeded data; undefined for an API whose suites create what they change. */
function seededFixtures(api: ServedApiName, seedData: number): FixturesByApi | undefined {
  if (api !== 'prime') return undefined;
  const byPrincipal: Record<string, FixtureRef[]> = {};
  for (const ref of seededImageRefs(seedData)) {
    (byPrincipal[ref.principal] ??= []).push({ image_name: ref.imageName, image_tag: ref.imageTag, ...(ref.teamId === undefined ? {} : { team_id: ref.teamId }) });
  }
  return { prime: byPrincipal };
}

interface ServeOptions {
  port: number;
  host: string;
  fault: string[];
  seedData: number;
  rateWindowMs?: number;
  fixturesOut?: string;
}

/** `conform serve <api>`: runs an embedded reference server until SIGINT/SIGTERM. */
export const registerServe: RegisterCommand = (program, output, setExit) => {
  program
    .command('serve')
    .description('run an embedded reference server (the default target) on loopback until SIGINT/SIGTERM')
    .argument('<api>', `which API: ${SERVED_API_NAMES.join(', ')}`, oneOf(SERVED_API_NAMES))
    .option('--port <n>', 'port to listen on (0 picks a free one)', integerOption(0, 65535), 0)
    .option('--host <address>', 'loopback address to bind', '127.0.0.1')
    .option('--fault <id>', "switch a fault on (repeatable; see 'conform faults')", collect, [])
    .option('--seed-data <n>', 'extra seeded images per tenant or account', integerOption(0, 100_000), 0)
    .option('--fixtures-out <file>', 'write the fixture declaration of the seeded data (for conform run --fixtures), as for a deployment conform did not start')
    .addOption(
      new Option('--rate-window-ms <ms>', 'shrink the quota window (tests)').argParser(integerOption(1, 86_400_000)),
    )
    .action(async (api: ServedApiName, options: ServeOptions) => {
      const server = await startReferenceServer({
        api,
        host: options.host,
        port: options.port,
        faults: options.fault,
        seedData: options.seedData,
        ...(options.rateWindowMs === undefined ? {} : { rateWindowMs: options.rateWindowMs }),
      }).catch((error: unknown) => {
        // Another server holds the port: the user's to fix, in one line.
        if ((error as { code?: string }).code === 'EADDRINUSE') throw new UsageError(`--port ${options.port}: ${options.host}:${options.port} is already in use (--port 0 picks a free one)`);
        throw error;
      });
      if (options.fixturesOut) {
        const declared = seededFixtures(api, options.seedData);
        if (!declared) throw new UsageError(`--fixtures-out: the ${api} suites need no fixtures (they create what they change)`);
        await writeFile(options.fixturesOut, renderFixtures(declared, `conform fixtures: the seeded images of 'conform serve ${api}' a run may change and puts back\nconform run ${api} --target ${server.url} --fixtures ${options.fixturesOut}`));
      }
      output.out(`listening on ${server.url}`);
      if (options.fault.length > 0) output.err(`faults on: ${options.fault.join(', ')}`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await server.close();
      setExit(0);
    });
};
