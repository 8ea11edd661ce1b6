import { describe, expect, it } from 'vitest';
import { captureOutput } from '../capture-output.ts';
import { main } from '../main.ts';
import { parseMatrixTargets } from './matrix.ts';

describe('parseMatrixTargets', () => {
  it('should read the name, the URL and the optional files of each target', () => {
    // Act
    const targets = parseMatrixTargets(['ref=http://127.0.0.1:1/v2', 'glance=http://127.0.0.1:2/v2?x=a=b,principals=p.json,deviations=d.yaml']);
    // Assert
    expect(targets).toEqual([
      { name: 'ref', url: 'http://127.0.0.1:1/v2' },
      { name: 'glance', url: 'http://127.0.0.1:2/v2?x=a=b', principals: 'p.json', deviations: 'd.yaml' },
    ]);
  });

  it.each([
    [[], /at least one/],
    [['http://127.0.0.1/v2'], /NAME=URL/],
    [['../up=http://127.0.0.1/v2'], /NAME=URL/],
    [['a=http://x,colour=red'], /unknown setting 'colour=red'/],
    [['a=http://x,principals='], /needs a file/],
    [['a=http://x', 'A=http://y'], /given twice/],
    [['a=/v2'], /'\/v2' is not an http\(s\) URL/],
    [['a=ftp://127.0.0.1/v2'], /not an http\(s\) URL/],
  ])('should refuse %j', (values, message) => {
    expect(() => parseMatrixTargets(values)).toThrow(message);
  });
});

describe('conform matrix (usage)', () => {
  it('should exit 2 with one line for a target without a name', async () => {
    // Arrange
    const output = captureOutput();
    // Act
    const status = await main(['matrix', 'glance', '--target', 'http://127.0.0.1:9/v2'], output);
    // Assert
    expect(status).toBe(2);
    expect(output.stderr.filter((line) => line.startsWith('conform: '))).toEqual([expect.stringMatching(/^conform: CONFORM_USAGE: --target expects NAME=URL/)]);
  });

  it('should exit 2 for an API that is not built in', async () => {
    const output = captureOutput();
    const status = await main(['matrix', 'nope', '--target', 'a=http://127.0.0.1:9/v2'], output);
    expect(status).toBe(2);
  });
});
