import { Args, ArgsType, Ctx, Field, FieldResolver, Resolver, Root } from "type-graphql";
import type { AppContext } from "../../context";
import { ConnectionArgs } from "../../shared/pagination";
import { User } from "../users/user.entity";
import { ArticleConnection } from "./article.resolver";
import { ArticleStatus } from "./article.entity";
import { ArticleOrder, listDrafts, listFeed } from "./article-query.service";

@ArgsType()
class DraftsArgs extends ConnectionArgs {
  @Field(() => ArticleStatus, { nullable: true, description: "Only this state (default: every state but PUBLISHED)." })
  status?: ArticleStatus | null;
}

@ArgsType()
class UserArticlesArgs extends ConnectionArgs {
  @Field(() => ArticleOrder, { nullable: true, defaultValue: ArticleOrder.NEWEST })
  orderBy?: ArticleOrder | null;
}

@Resolver(() => User)
export class UserArticlesResolver {
  @FieldResolver(() => ArticleConnection, { description: "The user's published articles (public), newest first by default." })
  async articles(@Root() user: User, @Args() args: UserArticlesArgs, @Ctx() ctx: AppContext) {
    const { page, count } = await listFeed(ctx, { ...args, authorUserId: user.id });
    return ArticleConnection.from(page, count);
  }

  @FieldResolver(() => ArticleConnection, {
    nullable: true,
    description:
      "The user's unpublished work (drafts, submitted, rejected, unpublished, removed), last edited first. Only the user themself may read it: FORBIDDEN (and null) for others.",
  })
  async drafts(@Root() user: User, @Args() args: DraftsArgs, @Ctx() ctx: AppContext) {
    const { page, count } = await listDrafts(ctx, user.id, args);
    return ArticleConnection.from(page, count);
  }
}
