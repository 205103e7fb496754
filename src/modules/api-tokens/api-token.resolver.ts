import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { AppContext } from "../../context";
import { registerNodeType } from "../../shared/node";
import { Connection, ConnectionArgs } from "../../shared/pagination";
import { SessionOnly } from "./api-scope";
import { ApiToken } from "./api-token.entity";
import { CreateApiTokenInput, CreateApiTokenPayload } from "./api-token.inputs";
import * as apiTokens from "./api-token.service";
import { rowById } from "../../shared/loaders";

export const ApiTokenConnection = Connection(ApiToken);

registerNodeType("ApiToken", async (id, ctx) => {
  const viewer = ctx.viewer;
  if (!viewer || viewer.apiToken) return null;
  const token = await ctx.loaders.get(rowById(ApiToken)).load(id);
  return token?.userId === viewer.id ? token : null;
});

@Resolver(() => ApiToken)
export class ApiTokenResolver {
  @Authorized()
  @SessionOnly()
  @Mutation(() => CreateApiTokenPayload, { description: "Creates a scoped personal API token for a partner integration. The secret is in the payload only this once." })
  createApiToken(@Arg("input") input: CreateApiTokenInput, @Ctx() ctx: AppContext): Promise<CreateApiTokenPayload> {
    return apiTokens.createApiToken(ctx, input);
  }

  @Authorized()
  @SessionOnly()
  @Mutation(() => ApiToken, { description: "Revokes one of the viewer's API tokens at once (idempotent)." })
  revokeApiToken(@Arg("id", () => ID) id: string, @Ctx() ctx: AppContext): Promise<ApiToken> {
    return apiTokens.revokeApiToken(ctx, id);
  }

  @Authorized()
  @SessionOnly()
  @Query(() => ApiTokenConnection, { description: "The viewer's API tokens that are not revoked, newest first." })
  async apiTokens(@Args() args: ConnectionArgs, @Ctx() ctx: AppContext) {
    const { page, count } = await apiTokens.listApiTokens(ctx, args);
    return ApiTokenConnection.from(page, count);
  }
}
