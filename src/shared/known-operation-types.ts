import { GraphQLError, type ValidationContext, type ASTVisitor } from "graphql";

/**
 * Refuses an operation whose root type the schema does not have (`subscription { … }` here) as a
 * validation error. graphql-js 16 lets it through validation and fails in execution, which Apollo
 * answers as an internal error; graphql-js 17 has this rule built in (KnownOperationTypesRule).
 */
export function KnownOperationTypesRule(context: ValidationContext): ASTVisitor {
  const schema = context.getSchema();
  return {
    OperationDefinition(node) {
      const root = node.operation === "query" ? schema.getQueryType() : node.operation === "mutation" ? schema.getMutationType() : schema.getSubscriptionType();
      if (!root) context.reportError(new GraphQLError(`The schema does not support ${node.operation} operations.`, { nodes: node }));
    },
  };
}
