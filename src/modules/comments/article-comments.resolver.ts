import { Args, ArgsType, Ctx, Field, FieldResolver, Resolver, Root } from "type-graphql";
import type { AppContext } from "../../context";
import { ConnectionArgs } from "../../shared/pagination";
import { Article } from "../articles/article.entity";
import { CommentOrder } from "./comment.inputs";
import { listTopLevelComments } from "./comment.queries";
import { CommentConnection } from "./comment.resolver";

@ArgsType()
class ArticleCommentsArgs extends ConnectionArgs {
  @Field(() => CommentOrder, { nullable: true, defaultValue: CommentOrder.OLDEST })
  orderBy?: CommentOrder;
}

/** `Article.comments`: lives with comments so the articles module does not depend on them. */
@Resolver(() => Article)
export class ArticleCommentsResolver {
  @FieldResolver(() => CommentConnection, { description: "Top-level comments (each with its thread under `replies`)." })
  async comments(@Root() article: Article, @Args() args: ArticleCommentsArgs, @Ctx() ctx: AppContext) {
    const { page, count } = await listTopLevelComments(ctx, article, args);
    return CommentConnection.from(page, count);
  }
}
