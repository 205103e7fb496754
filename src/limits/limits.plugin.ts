import { type ApolloServerPlugin, HeaderMap } from "@apollo/server";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import { queryTooComplex } from "./armor";
import { attemptCharges, rootCalls } from "./attempts";
import { cachedOperationCost, MAX_QUERY_NODES } from "./cost";
import type { LimitsConfig } from "./limits.config";
import type { LimitState, RateLimiters, Refusal } from "./rate-limiters";

/** `extensions.cost` on every response that got as far as pricing (Shopify-style). */
export interface CostReport {
  /** Estimated cost of this operation. */
  requested: number;
  /** Largest cost one operation may have. */
  limit: number;
  /** Points the principal may spend per minute (null when rate limits are off). */
  budget: number | null;
  /** Points left in the current minute (null when rate limits are off). */
  remaining: number | null;
  /** Seconds until the budget is full again (null when rate limits are off). */
  resetInSeconds: number | null;
}

function setRateHeaders(headers: HeaderMap, state: LimitState): void {
  headers.set("x-ratelimit-limit", String(state.limit));
  headers.set("x-ratelimit-remaining", String(state.remaining));
  // Like GitHub: the UTC epoch second at which the window starts over.
  headers.set("x-ratelimit-reset", String(Math.ceil(Date.now() / 1000) + state.resetInSeconds));
}

const MESSAGES: Record<string, string> = {
  COST_BUDGET_EXCEEDED: "Too many requests: the query cost budget for this minute is spent.",
  LOGIN_ATTEMPTS_EXCEEDED: "Too many sign-in attempts. Try again later.",
  REGISTER_ATTEMPTS_EXCEEDED: "Too many registration attempts. Try again later.",
  MUTATION_RATE_EXCEEDED: "You are doing this too often. Try again later.",
};

/** RATE_LIMITED refusing the whole request: HTTP 429 with Retry-After and the limiter's headers. */
function rateLimited(headers: HeaderMap, refusal: Refusal, reason: string, operation?: string): AppError {
  setRateHeaders(headers, refusal);
  headers.set("retry-after", String(refusal.retryAfter));
  return new AppError("RATE_LIMITED", reason, MESSAGES[reason] ?? "Too many requests.", {
    retryAfter: refusal.retryAfter,
    ...(operation ? { operation } : {}),
    http: { status: 429 },
  });
}

/**
 * Prices each operation (graphql-query-complexity, cost.ts) in `didResolveOperation`, refuses it
 * above the per-operation limit (QUERY_TOO_COMPLEX), charges the principal's per-minute budget and
 * the per-attempt budgets (RATE_LIMITED, 429), and reports `extensions.cost` on the response.
 */
export function limitsPlugin(limits: LimitsConfig, limiters: RateLimiters | undefined): ApolloServerPlugin<AppContext> {
  return {
    async serverWillStart() {
      return {
        async serverWillStop() {
          await limiters?.close();
        },
      };
    },
    async requestDidStart() {
      let report: CostReport | undefined;
      return {
        async didResolveOperation(rc) {
          const { schema, document, operation, request, contextValue: ctx } = rc;
          const variables = request.variables ?? {};
          let cost: number;
          try {
            cost = cachedOperationCost(schema, document, rc.operationName, variables);
          } catch (err) {
            if (/maximum allowed number of nodes/.test((err as Error).message)) {
              throw queryTooComplex("MAX_NODES", "The query has too many fields to be priced.", { limit: MAX_QUERY_NODES, http: { status: 400 } });
            }
            return; // variables that do not coerce: execution refuses the request before any resolver runs
          }
          report = { requested: cost, limit: limits.maxCost, budget: null, remaining: null, resetInSeconds: null };
          if (cost > limits.maxCost) {
            throw queryTooComplex("COST_LIMIT_EXCEEDED", `The query costs ${cost}, above the limit of ${limits.maxCost}. Ask for fewer items (first) or fewer nested lists.`, {
              cost,
              limit: limits.maxCost,
              http: { status: 400 },
            });
          }
          if (!limiters) return;
          const headers = rc.response.http.headers;
          const ip = ctx.ip ?? "unknown";
          const principal = ctx.viewer ? `user:${ctx.viewer.id}` : `ip:${ip}`;
          const spent = await limiters.cost.consume(principal, cost);
          if (!spent.ok) throw rateLimited(headers, spent.refusal, "COST_BUDGET_EXCEEDED");
          Object.assign(report, { budget: spent.state.limit, remaining: spent.state.remaining, resetInSeconds: spent.state.resetInSeconds });
          setRateHeaders(headers, spent.state);
          if (operation?.operation !== "mutation") return;
          // Every attempt counts against every budget it belongs to (account and IP), refused or not.
          const charges = attemptCharges(rootCalls(schema, document, operation, variables), limiters, principal, ip);
          const outcomes = await Promise.all(charges.map((c) => c.budget.consume(c.key, c.points)));
          let worst: { refusal: Refusal; reason: string; operation?: string } | undefined;
          outcomes.forEach((o, i) => {
            if (!o.ok && (!worst || o.refusal.retryAfter > worst.refusal.retryAfter)) worst = { refusal: o.refusal, reason: charges[i].reason, operation: charges[i].operation };
          });
          if (worst) throw rateLimited(headers, worst.refusal, worst.reason, worst.operation);
        },
        async willSendResponse(rc) {
          if (!report || rc.response.body.kind !== "single") return;
          const result = rc.response.body.singleResult;
          result.extensions = { ...(result.extensions ?? {}), cost: report };
        },
      };
    },
  };
}
