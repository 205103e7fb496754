import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { AppContext } from "../context";
import { AppError, badField, notFound } from "../errors";
import { decodeGlobalId } from "./global-id";
import { Node, nodeFetcher } from "./node";
import { ApiScope, RequiresScope } from "../modules/api-tokens/api-scope";

@Resolver()
export class NodeResolver {
  @RequiresScope(ApiScope.READ_CONTENT)
  @Query(() => Node, { description: "Any object by its global ID, with the same visibility as its typed field: NOT_FOUND when missing or not visible." })
  async node(@Arg("id", () => ID) id: string, @Ctx() ctx: AppContext): Promise<object | null> {
    const decoded = decodeGlobalId(id);
    const fetch = nodeFetcher(decoded.type);
    const found = fetch ? await fetch(decoded.id, ctx) : null;
    if (!found) throw notFound(decoded.type);
    return found;
  }

  @RequiresScope(ApiScope.READ_CONTENT)
  @Query(() => [Node], { nullable: "items", description: "Several objects by global ID (at most 100), in the order asked; null where missing or not visible." })
  async nodes(@Arg("ids", () => [ID]) ids: string[], @Ctx() ctx: AppContext): Promise<(object | null)[]> {
    if (ids.length > 100) throw badField("ids", "lists at most 100 IDs");
    // Missing or invisible ids read as null; anything else (an outage, a bug) is a real error.
    return Promise.all(
      ids.map((id) =>
        this.node(id, ctx).catch((err: unknown) => {
          if (err instanceof AppError && (err.code === "NOT_FOUND" || err.code === "BAD_USER_INPUT")) return null;
          throw err;
        }),
      ),
    );
  }
}
