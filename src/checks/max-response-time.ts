import { defineCheck } from './define-check.ts';

/** Opt-in: every response within the configured budget (`--max-response-time MS`). */
export const maxResponseTime = defineCheck({
  id: 'max_response_time',
  scope: 'case',
  title: 'Responses arrive within the time budget',
  clause: 'conform option --max-response-time (a service level, not a document rule)',
  severity: 'low',
  appliesTo: (exchange, context) => context.maxResponseTimeMs !== undefined && exchange.response !== undefined,
  run: (exchange, context) => {
    const budget = context.maxResponseTimeMs ?? Infinity;
    if (exchange.durationMs <= budget) return [];
    return [
      {
        message: `${context.operation.label} took ${Math.round(exchange.durationMs)} ms; the budget is ${budget} ms`,
        evidence: { durationMs: exchange.durationMs, budgetMs: budget },
        key: 'slow',
      },
    ];
  },
});
