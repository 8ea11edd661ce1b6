import * as allure from 'allure-js-commons';
import type { Finding } from '../../checks/finding.ts';
import type { Exchange } from '../../transport/exchange.ts';
import type { CheckOutcome } from '../../run/check-outcomes.ts';
import { recordExchange } from '../../run/record-exchange.ts';
import type { SuiteRuntime } from '../../run/suite-runtime.ts';

/** Severity words Allure shows, from conform's. */
const SEVERITY: Readonly<Record<string, allure.Severity>> = {
  critical: allure.Severity.CRITICAL,
  high: allure.Severity.CRITICAL,
  medium: allure.Severity.NORMAL,
  low: allure.Severity.MINOR,
};

/**
 * Labels a check's or a semantic suite's test for Allure (API → operation → check, the same labels
 * `conform run` reads back to mark known deviations) and attaches, for each defect, the
 * minimal failing exchange (redacted) and its curl command, so the HTML report carries the evidence.
 * Only under `conform run`, where allure-vitest is the reporter; plain vitest gets no Allure noise.
 */
export async function reportToAllure(
  runtime: Pick<SuiteRuntime, 'settings' | 'redactor' | 'curl'>,
  operationLabel: string,
  checkId: string,
  clause: string | undefined,
  outcome: Pick<CheckOutcome, 'findings'> | { readonly findings: readonly { readonly finding: Finding; readonly exchange: Exchange }[] } | undefined,
): Promise<void> {
  if (!runtime.settings.allure) return;
  await allure.epic(runtime.settings.api);
  await allure.feature(operationLabel);
  await allure.story(checkId);
  if (clause) await allure.description(`Enforces: ${clause}`);
  const severity = outcome?.findings[0]?.finding.severity;
  if (severity) await allure.severity(SEVERITY[severity] ?? allure.Severity.NORMAL);
  for (const [index, observed] of (outcome?.findings ?? []).entries()) {
    const recorded = recordExchange(observed.exchange, runtime.redactor);
    await allure.attachment(`defect ${index + 1}: exchange.json`, JSON.stringify({ finding: observed.finding, exchange: recorded }, null, 2), 'application/json');
    await allure.attachment(`defect ${index + 1}: replay.sh`, `${runtime.curl(observed.exchange)}\n`, 'text/plain');
  }
}

/**
 * Notes on a suite's test what its walk could not reach here (a rule whose principal the principals
 * file lacks), as skipped steps with the reason: the HTML report shows them where the suite passed.
 */
export async function reportUntestedToAllure(runtime: Pick<SuiteRuntime, 'settings'>, untested: readonly { readonly label: string; readonly reason: string }[]): Promise<void> {
  if (!runtime.settings.allure) return;
  for (const { label, reason } of untested) await allure.logStep(`not tested: ${label}: ${reason}`, allure.Status.SKIPPED);
}
