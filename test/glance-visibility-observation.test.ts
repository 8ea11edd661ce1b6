import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { startReferenceServer } from '../src/reference/index.ts';
import { VisibilityClient, type VisibilityRequest } from '../src/run/semantic/visibility-client.ts';
import type { VisibilityCommand, VisibilityProgram } from '../src/run/semantic/visibility-run.ts';
import { type VisibilitySuiteId } from '../src/checks/suite-catalogue.ts';
import { VisibilityViolation } from '../src/run/semantic/visibility-violation.ts';
import { SuiteRuntime } from '../src/run/suite-runtime.ts';
import type { Exchange } from '../src/transport/exchange.ts';
import { glanceVisibility, type GlanceVisibilityModel } from '../suites/glance/visibility-model.ts';
import { referenceRunSettings } from './support/reference-settings.ts';

type Command = VisibilityCommand<GlanceVisibilityModel>;

/** Remembers who sent what, so a test can tell which requests a command made. */
class RecordingClient extends VisibilityClient {
  readonly sent: string[] = [];
  override async send(principal: string | null, request: VisibilityRequest): Promise<Exchange> {
    const query = Object.entries(request.query ?? {})
      .filter(([name]) => name !== 'tag' && name !== 'limit')
      .map(([name, value]) => `${name}=${value ?? ''}`)
      .join('&');
    this.sent.push(`${principal ?? 'anonymous'} ${request.method} ${request.path.replace(/[0-9a-f-]{36}/, '{id}')}${query ? `?${query}` : ''}`);
    return super.send(principal, request);
  }
}

interface Harness {
  readonly client: RecordingClient;
  readonly program: VisibilityProgram<GlanceVisibilityModel>;
  /** Runs the commands (as `fc.commands` would) in a fresh sequence, failing on the suite's mismatches. */
  run(suiteId: VisibilitySuiteId, commands: readonly Command[]): Promise<void>;
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function harness(faults: readonly string[] = []): Promise<Harness> {
  const server = await startReferenceServer({ api: 'glance', faults, rateWindowMs: 1 });
  const runtime = SuiteRuntime.forSettings(referenceRunSettings('glance', server.url, { maxExamples: 10 }), 'glance-visibility-observation');
  const client = new RecordingClient(runtime, 'visibility', 150);
  closers.push(async () => {
    await server.close();
  });
  closers.push(async () => {
    await runtime.close();
  });
  const program = await glanceVisibility.prepare(client);
  if (typeof program === 'string') throw new Error(program);
  closers.push(async () => {
    expect(await program.cleanup(client)).toEqual([]);
  });
  return {
    client,
    program,
    async run(suiteId, commands) {
      client.startProperty(suiteId);
      const model = await program.reset(client);
      client.startSequence();
      client.sent.length = 0;
      for (const command of commands) if (command.check(model)) await command.run(model, client);
    },
  };
}

/** The command of the program whose `toString` is `text` (the arbitraries are sampled until one is). */
function command(program: VisibilityProgram<GlanceVisibilityModel>, text: string): Command {
  for (const arbitrary of program.commands) {
    const found = fc.sample(arbitrary, { numRuns: 2000, seed: 1 }).find((candidate) => candidate.toString() === text);
    if (found) return found;
  }
  throw new Error(`no command ${text}`);
}

async function violation(run: Promise<void>): Promise<VisibilityViolation> {
  const error = await run.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof VisibilityViolation)) throw new Error(`expected a visibility violation, got ${String(error)}`);
  return error;
}

describe('the Glance visibility model checks a visibility change from another project at once', () => {
  it('should list and show a private image as the other tenant right after creating it, and pass on the correct server', async () => {
    const { client, program, run } = await harness();
    await run('visibility_isolation', [command(program, 'create(owner, private)')]);
    expect(client.sent).toEqual(['owner POST /images', 'other GET /images', 'other GET /images/{id}']);
  });

  it('should also list as the owner after a change to community, whose default-list rule hinges on ownership', async () => {
    const { client, program, run } = await harness();
    await run('visibility_applied', [command(program, 'create(admin, unset)'), command(program, 'setVisibility(admin, image#0, community)')]);
    expect(client.sent).toEqual([
      'admin POST /images',
      'admin PATCH /images/{id}',
      'admin GET /images/{id}',
      'owner GET /images',
      'owner GET /images/{id}',
      'admin GET /images',
    ]);
  });

  it('should look for an os_hidden image in the os_hidden list, the only list it may leak into', async () => {
    const { client, program, run } = await harness();
    await run('visibility_isolation', [command(program, 'create(other, private, hidden)')]);
    expect(client.sent).toEqual(['other POST /images', 'owner GET /images?os_hidden=true', 'owner GET /images/{id}']);
  });

  it('should not observe a create that leaves visibility unset', async () => {
    const { client, program, run } = await harness();
    await run('visibility_isolation', [command(program, 'create(owner, unset)')]);
    expect(client.sent).toEqual(['owner POST /images']);
  });

  it.each([
    ['visibility_isolation/private-in-list', 'create(owner, private)', 'list-extra:default:private', 'other lists (default)'],
    ['visibility_isolation/private-in-list', 'create(owner, private, hidden)', 'list-extra:os_hidden:private', 'other lists (os_hidden)'],
    ['visibility_isolation/community-in-default-list', 'create(other, community)', 'list-extra:default:community', 'owner lists (default)'],
    ['visibility_isolation/private-visible-by-id', 'create(owner, private)', 'show:private:200', 'other shows A'],
  ])('should catch %s with the single command %s', async (fault, text, key, step) => {
    const { program, run } = await harness([fault]);
    const error = await violation(run('visibility_isolation', [command(program, text)]));
    expect(error.mismatch.key).toBe(key);
    expect(error.trace.at(-2)).toContain(`↳ ${step}`);
  });

  it('should catch a leak into the default list after a later change to community, not only on create', async () => {
    const { program, run } = await harness(['visibility_isolation/community-in-default-list']);
    const error = await violation(run('visibility_isolation', [command(program, 'create(owner, unset)'), command(program, 'setVisibility(owner, image#0, community)')]));
    expect(error.mismatch.key).toBe('list-extra:default:community');
    expect(error.trace).toEqual([
      '1. owner creates image A (visibility unset) → 201',
      '2. owner sets A (shared, owned by owner) to community → 200',
      '3. owner reads A back → 200 visibility "community"',
      '4. ↳ other lists (default) → 200 [A]',
      '5. ✗ expected no A (community, owned by owner) in other\'s default list, got A listed',
    ]);
  });
});
