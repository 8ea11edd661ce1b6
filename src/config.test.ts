import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acceptOverride, configDefaults, findConfigFile, loadConfigFile, resolveConfig } from './config.ts';

describe('config files', () => {
  it('should load YAML with ${ENV} substitution and resolve the principals path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conform-config-'));
    writeFileSync(join(dir, 'conform.config.yaml'), 'api: glance\ntarget: http://${HOST}:9292\nprincipals: ./p.json\nseed: 3\n');
    const path = findConfigFile(dir);
    expect(path).toBe(join(dir, 'conform.config.yaml'));
    const config = await loadConfigFile(path ?? '', { HOST: '127.0.0.1' });
    expect(config).toEqual({ api: 'glance', target: 'http://127.0.0.1:9292', principals: join(dir, 'p.json'), seed: 3 });
  });

  it('should load a TypeScript config through defineConfig', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conform-config-'));
    const configModule = JSON.stringify(join(process.cwd(), 'src', 'config.ts'));
    writeFileSync(join(dir, 'conform.config.ts'), `import { defineConfig } from ${configModule};\nexport default defineConfig({ api: 'img', maxExamples: 5 });\n`);
    expect(await loadConfigFile(join(dir, 'conform.config.ts'))).toEqual({ api: 'img', maxExamples: 5 });
  });

  it('should refuse unknown options and missing variables in one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conform-config-'));
    writeFileSync(join(dir, 'a.json'), '{"api": "glance", "tagret": "x"}');
    await expect(loadConfigFile(join(dir, 'a.json'))).rejects.toThrow(/unknown option\(s\) tagret/);
    writeFileSync(join(dir, 'b.json'), '{"target": "${MISSING_VAR_X}"}');
    await expect(loadConfigFile(join(dir, 'b.json'), {})).rejects.toThrow(/MISSING_VAR_X is not set/);
  });
});

describe('acceptOverride', () => {
  it('should read one media-type list for every operation, or values by operationId, and refuse anything else in one line', () => {
    expect(acceptOverride(undefined, 'accept')).toBeUndefined();
    expect(acceptOverride(' application/json ', 'accept')).toEqual({ '*': 'application/json' });
    expect(acceptOverride({ listImages: 'none', '*': 'application/json' }, 'accept')).toEqual({ listImages: 'none', '*': 'application/json' });
    expect(() => acceptOverride(['application/json'], 'c.yaml: accept')).toThrow(/^c\.yaml: accept must be a media-type list/);
    expect(() => acceptOverride({ listImages: 3 }, 'accept')).toThrow(/accept\.listImages must be a media-type list or "none"/);
    expect(() => acceptOverride('a\r\nb', 'accept')).toThrow(/must be a media-type list/);
  });
});

describe('resolveConfig', () => {
  it('should take each option from the first layer that sets it, else its default', () => {
    // Arrange
    const flags = { maxExamples: 3, workers: undefined };
    const file = { maxExamples: 7, workers: 4, out: 'ci-reports' };

    // Act
    const resolved = resolveConfig(flags, file);

    // Assert
    expect(resolved).toEqual({ ...configDefaults, maxExamples: 3, workers: 4, out: 'ci-reports' });
    expect(resolveConfig()).toEqual(configDefaults);
  });
});
