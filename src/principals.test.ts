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
    expect(revealPrincipals(principals)).toEqual({ owner: { headers: { Authorization: 'Bearer abc123' } } });
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
