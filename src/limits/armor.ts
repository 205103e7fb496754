import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import { GraphQLError, type ValidationContext, type ValidationRule } from "graphql";
import { AppError } from "../errors";
import type { LimitsConfig } from "./limits.config";

export const SUGGESTION_MASK = "[Suggestion hidden]";

/** A static cap was exceeded: QUERY_TOO_COMPLEX (not the protocol's GRAPHQL_VALIDATION_FAILED), with the cap. */
export function queryTooComplex(reason: string, message: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError("QUERY_TOO_COMPLEX", reason, message, extra);
}

/** Reports an armor rejection to the validation context as our own error (the whole request is refused). */
function rejectAs(reason: string, limit: number) {
  return (ctx: ValidationContext | null, err: GraphQLError) => {
    ctx?.reportError(queryTooComplex(reason, err.message.replace(/^Syntax Error:\s*/, ""), { limit }));
  };
}

/**
 * graphql-armor's depth, alias and directive rules with explicit caps, and its suggestion masking.
 * Armor's own token plugin is off: in Apollo it refuses through the "unexpected error" path (an
 * HTTP 500); graphql-js's parser enforces the same cap (`parseOptions.maxTokens`) as a clean parse
 * error, which formatError turns into QUERY_TOO_COMPLEX (see `tokenLimitError`). Armor's cost rule
 * is off too: graphql-query-complexity prices the operation (cost.ts).
 */
export function armorProtection(limits: LimitsConfig): { plugins: ApolloServerPlugin[]; validationRules: ValidationRule[] } {
  const { plugins, validationRules } = new ApolloArmor({
    maxDepth: {
      enabled: true,
      n: limits.maxDepth,
      ignoreIntrospection: true,
      // Relay-style clients nest fragments freely: only fields count as depth.
      flattenFragments: true,
      exposeLimits: true,
      propagateOnRejection: false,
      onReject: [rejectAs("MAX_DEPTH", limits.maxDepth)],
    },
    maxAliases: {
      enabled: true,
      n: limits.maxAliases,
      allowList: ["__typename"],
      exposeLimits: true,
      propagateOnRejection: false,
      onReject: [rejectAs("MAX_ALIASES", limits.maxAliases)],
    },
    maxDirectives: {
      enabled: true,
      n: limits.maxDirectives,
      exposeLimits: true,
      propagateOnRejection: false,
      onReject: [rejectAs("MAX_DIRECTIVES", limits.maxDirectives)],
    },
    blockFieldSuggestion: { enabled: limits.maskSuggestions, mask: SUGGESTION_MASK },
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
  }).protect();
  return { plugins, validationRules };
}

/** graphql-js's token cap ("Document contains more than N tokens") as QUERY_TOO_COMPLEX, or undefined. */
export function tokenLimitError(message: string): AppError | undefined {
  const m = /Document contains more tha[nt] (\d+) tokens/.exec(message);
  if (!m) return undefined;
  return queryTooComplex("MAX_TOKENS", `Token limit of ${m[1]} exceeded.`, { limit: Number(m[1]) });
}
