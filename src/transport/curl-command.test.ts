import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Redactor } from '../redact.ts';
import { curlCommand } from './curl-command.ts';

describe('curlCommand', () => {
  it('should quote for the shell and redact credentials', () => {
    const command = curlCommand(
      {
        method: 'PATCH',
        url: 'http://127.0.0.1:1/v2/images/1?token=tok-1234',
        headers: { 'content-type': 'application/json', 'x-auth-token': 'tok-1234' },
        body: `{"name":"it's"}`,
      },
      new Redactor(['tok-1234']),
    );
    expect(command).not.toContain('tok-1234');
    expect(command).toContain("-H 'x-auth-token: [REDACTED]'");
    // The shell must parse it back to the same words.
    const words = execFileSync('bash', ['-c', `for w in ${command.slice(5)}; do echo "$w"; done`], { encoding: 'utf8' }).trim().split('\n');
    expect(words).toContain(`{"name":"it's"}`);
    expect(words).toContain('PATCH');
  });
});
