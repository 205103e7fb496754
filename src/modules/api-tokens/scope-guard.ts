import { defaultFieldResolver, type GraphQLSchema } from "graphql";
import type { AppContext } from "../../context";
import { apiAccessOf } from "./api-scope";
import { assertTokenMayCall } from "./api-token.policy";

/**
 * Wraps every Query and Mutation root field so that a request made with an API token is checked
 * against the field's declared scope before anything else runs (before `@Authorized`). Sessions
 * are unaffected. One place, no per-field overhead below the root.
 */
export function enforceApiScopes(schema: GraphQLSchema): GraphQLSchema {
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (!root) continue;
    for (const field of Object.values(root.getFields())) {
      const rule = apiAccessOf(field);
      const path = `${root.name}.${field.name}`;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, ctx: AppContext, info) => {
        const grant = ctx.viewer?.apiToken;
        if (grant) assertTokenMayCall(grant.scopes, rule, path);
        return resolve(source, args, ctx, info);
      };
    }
  }
  return schema;
}
