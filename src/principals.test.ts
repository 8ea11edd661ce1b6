import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPrincipalsFile, parsePrincipals, principalSecrets, revealPrincipals } from './principals.ts';

describe('principals', () => {
  it('should substitute ${ENV} and keep values secret', () => {
    const principals = parsePrincipals({ owner: { headers: { Authorization: 'Bearer ${TOKEN}' } } }, 'p.json', { TOKEN: 'abc123' });
    const owner = principals.get('owner');
    expect(JSON.stringify(owner)).not.toContain('abc123');
    expect(owner?.headers.Authorization?.reveal()).toBe('Bearer abc123');
    expect(principalSecrets(principals)).toEqual(['Bearer abc123']);
    expect(revealPrincipals(principals)).toEqual({ owner: { headers: { Authorization: 'Bearer abc123' }, secret: ['Authorization'] } });
  });

  it('should hide credentials and keep identities readable, so a curl line replays', () => {
    const principals = parsePrincipals(
      {
        owner: {
          headers: { 'X-Identity-Status': 'Confirmed', 'X-Project-Id': 'tenant-a', 'X-Roles': 'reader,member', 'X-Auth-Token': 'tok-1', 'X-Tenant': '${TENANT}', 'X-Signed': 'sig-9' },
          cookies: { sid: 'cookie-1' },
          secret: ['x-signed'],
        },
      },
      'p.json',
      { TENANT: 'tenant-from-env' },
    );
    // Credentials by name, values from the environment, cookies, and what the file marks secret.
    expect(principalSecrets(principals).sort()).toEqual(['cookie-1', 'sig-9', 'tenant-from-env', 'tok-1']);
    // The split survives the hand-over to a worker, where ${TENANT} is a plain value already.
    const again = parsePrincipals(revealPrincipals(principals), 'worker');
    expect(principalSecrets(again).sort()).toEqual(['cookie-1', 'sig-9', 'tenant-from-env', 'tok-1']);
    expect(JSON.stringify(principals.get('owner'))).not.toContain('tenant-a');
    expect(() => parsePrincipals({ a: { headers: {}, secret: 'X' } }, 'p.json')).toThrow(/"secret" must be a list/);
  });

  it('should name a missing variable without printing any value', () => {
    expect(() => parsePrincipals({ a: { headers: { K: '${NOPE}' } } }, 'p.json', {})).toThrow(/environment variable NOPE is not set/);
  });

  it('should refuse a malformed file in one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conform-principals-'));
    writeFileSync(join(dir, 'bad.json'), '{"a": ');
    await expect(loadPrincipalsFile(join(dir, 'bad.json'))).rejects.toMatchObject({ code: 'CONFORM_CONFIG_INVALID' });
    writeFileSync(join(dir, 'shape.json'), '{"a": {"headers": {"K": 1}}}');
    await expect(loadPrincipalsFile(join(dir, 'shape.json'))).rejects.toThrow(/header 'K' must be a string/);
    await expect(loadPrincipalsFile(join(dir, 'missing.json'))).rejects.toThrow(/ENOENT/);
  });
});
