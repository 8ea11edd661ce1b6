import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestCase } from '../src/generate/request-case.ts';
import { loadApi } from '../src/openapi/load-api.ts';
import { operationAsPrincipal } from '../src/openapi/principal-policy.ts';
import type { Operation } from '../src/openapi/types.ts';
import { GLANCE_POLICY } from '../suites/glance/policy.ts';

const ROOT = join(import.meta.dirname, '..');

/** What the positive requests of `operation` set visibility and owner to, over many samples, unseeded. */
function touched(operation: Operation, count: number): { visibilities: Set<unknown>; owners: number } {
  const arbitrary = requestCase(operation, { mode: 'positive' });
  if (!arbitrary) throw new Error(`no cases for ${operation.id}`);
  const visibilities = new Set<unknown>();
  let owners = 0;
  for (const testCase of fc.sample(arbitrary, count)) {
    const body = testCase.body?.value;
    const entries: [unknown, unknown][] = Array.isArray(body)
      ? body.map((op: { path?: unknown; value?: unknown }) => [op.path, op.value])
      : Object.entries((body ?? {}) as Record<string, unknown>).map(([key, value]) => [`/${key}`, value]);
    for (const [path, value] of entries) {
      if (path === '/visibility') visibilities.add(value);
      if (path === '/owner') owners += 1;
    }
  }
  return { visibilities, owners };
}

describe('Glance policy: positive requests keep to what the principal may do', async () => {
  const model = await loadApi([join(ROOT, 'specs/glance-v2.yaml')]);
  const create = model.operations.find((operation) => operation.id === 'createImage') as Operation;
  const update = model.operations.find((operation) => operation.id === 'updateImage') as Operation;

  it('should never make a member create a public image or set an owner, while the admin and the bare document do', () => {
    const member = touched(operationAsPrincipal(create, GLANCE_POLICY, 'owner'), 400);
    expect(member.visibilities.has('public')).toBe(false);
    expect(member.visibilities.size).toBeGreaterThan(0);
    expect(member.owners).toBe(0);
    // The same sampling without the policy reaches what the policy forbids: this test can fail.
    const bare = touched(create, 400);
    expect(bare.visibilities.has('public')).toBe(true);
    expect(operationAsPrincipal(create, GLANCE_POLICY, 'admin')).toBe(create);
  });

  it('should never make a member patch visibility to public', () => {
    expect(touched(operationAsPrincipal(update, GLANCE_POLICY, 'owner'), 400).visibilities.has('public')).toBe(false);
    expect(touched(update, 400).visibilities.has('public')).toBe(true);
  });
});
