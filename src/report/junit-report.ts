import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckStatus, RunEvent } from '../run/events.ts';
import type { ReportWriter } from './report-writer.ts';

interface Case {
  readonly check: string;
  readonly status: CheckStatus;
  readonly requests: number;
  readonly reason?: string;
  readonly failures: string[];
}

function xml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    // XML 1.0 cannot carry most control characters, even escaped.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '\uFFFD');
}

/** `junit.xml`: a testsuite per operation, a testcase per check, as CI servers display them. */
export class JunitReport implements ReportWriter {
  readonly name = 'junit';
  readonly #outDir: string;
  readonly #suites = new Map<string, Map<string, Case>>();
  readonly #pendingFindings = new Map<string, string[]>();
  #runErrors: readonly string[] = [];

  constructor(outDir: string) {
    this.#outDir = outDir;
  }

  onEvent(event: RunEvent): void {
    if (event.type === 'run-finished') {
      this.#runErrors = event.errors ?? [];
      return;
    }
    if (event.type === 'finding') {
      const key = `${event.finding.operationLabel}\u0000${event.finding.checkId}`;
      const list = this.#pendingFindings.get(key) ?? [];
      if (list.length < 50) list.push(`${event.finding.message}\n  replay: ${event.curl}`);
      this.#pendingFindings.set(key, list);
      return;
    }
    if (event.type !== 'check-result') return;
    const suite = this.#suites.get(event.operationLabel) ?? new Map<string, Case>();
    this.#suites.set(event.operationLabel, suite);
    suite.set(event.checkId, {
      check: event.checkId,
      status: event.status,
      requests: event.requests,
      ...(event.reason === undefined ? {} : { reason: event.reason }),
      failures: [],
    });
  }

  render(): string {
    const lines: string[] = [];
    let tests = 0;
    let failures = 0;
    let skipped = 0;
    let errors = 0;
    const suites: string[] = [];
    for (const [operation, cases] of this.#suites) {
      const body: string[] = [];
      let suiteFailures = 0;
      let suiteSkipped = 0;
      let suiteErrors = 0;
      for (const testCase of cases.values()) {
        const messages = this.#pendingFindings.get(`${operation}\u0000${testCase.check}`) ?? [];
        const attributes = `classname="${xml(operation)}" name="${xml(testCase.check)}" time="0"`;
        if (testCase.status === 'failed') {
          suiteFailures += 1;
          const text = messages.length > 0 ? messages.join('\n') : (testCase.reason ?? 'failed');
          body.push(`    <testcase ${attributes}>`, `      <failure message="${xml(testCase.reason ?? messages[0]?.split('\n')[0] ?? 'failed')}">${xml(text)}</failure>`, '    </testcase>');
        } else if (testCase.status === 'error') {
          // <error>, not <failure>: conform could not conclude; what it saw before stopping is kept.
          suiteErrors += 1;
          const text = [testCase.reason ?? 'error', ...messages].join('\n');
          body.push(`    <testcase ${attributes}>`, `      <error message="${xml(testCase.reason ?? 'error')}">${xml(text)}</error>`, '    </testcase>');
        } else if (testCase.status === 'skipped') {
          suiteSkipped += 1;
          body.push(`    <testcase ${attributes}>`, `      <skipped message="${xml(testCase.reason ?? 'skipped')}"/>`, '    </testcase>');
        } else {
          body.push(`    <testcase ${attributes}/>`);
        }
      }
      tests += cases.size;
      failures += suiteFailures;
      skipped += suiteSkipped;
      errors += suiteErrors;
      suites.push(
        `  <testsuite name="${xml(operation)}" tests="${cases.size}" failures="${suiteFailures}" errors="${suiteErrors}" skipped="${suiteSkipped}">`,
        ...body,
        '  </testsuite>',
      );
    }
    if (this.#runErrors.length > 0) {
      // Errors no check owns (a suite's set-up, a crashed worker): a CI view must show them too.
      tests += this.#runErrors.length;
      errors += this.#runErrors.length;
      suites.push(
        `  <testsuite name="conform run" tests="${this.#runErrors.length}" failures="0" errors="${this.#runErrors.length}" skipped="0">`,
        ...this.#runErrors.flatMap((error, index) => [
          `    <testcase classname="conform run" name="error ${index + 1}" time="0">`,
          `      <error message="${xml(error)}">${xml(error)}</error>`,
          '    </testcase>',
        ]),
        '  </testsuite>',
      );
    }
    lines.push('<?xml version="1.0" encoding="UTF-8"?>');
    lines.push(`<testsuites name="conform" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}">`);
    lines.push(...suites, '</testsuites>', '');
    return lines.join('\n');
  }

  async finish(): Promise<readonly string[]> {
    const path = join(this.#outDir, 'junit.xml');
    await writeFile(path, this.render());
    return [path];
  }
}
