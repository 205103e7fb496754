import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { IsOptional, MaxLength } from "class-validator";
import type { AppContext } from "../../context";
import { registerNodeType } from "../../shared/node";
import { Connection, ConnectionArgs } from "../../shared/pagination";
import { penNameByUserId } from "../author-applications/author-application.loaders";
import { Role } from "../users/role";
import { User } from "../users/user.entity";
import { userById } from "../users/user.loaders";
import { Article } from "./article.entity";
import { articleBodyById, articleById, tagsByArticleId, viewerHasLikedByArticleId } from "./article.loaders";
import { canViewArticle, isOwner, isStaff } from "./article.policy";
import { ArticleOrder, getArticle, listFeed, listSubmissions } from "./article-query.service";
import { ApiScope, RequiresScope } from "../api-tokens/api-scope";

export const ArticleConnection = Connection(Article);

registerNodeType("Article", async (id, ctx) => {
  const article = await ctx.loaders.get(articleById).load(id);
  return article && canViewArticle(ctx.viewer, article) ? article : null;
});

@ArgsType()
class ArticlesArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: "Only articles with this tag (normalized like stored tags)." })
  @IsOptional()
  @MaxLength(60)
  tag?: string | null;

  @Field(() => ID, { nullable: true, description: "Only articles by this user." })
  authorId?: string | null;

  @Field(() => String, { nullable: true, description: "Words in the title or summary (substring match; Chinese works)." })
  search?: string | null;

  @Field(() => ArticleOrder, { nullable: true, defaultValue: ArticleOrder.NEWEST })
  orderBy?: ArticleOrder | null;
}

@Resolver(() => Article)
export class ArticleResolver {
  @RequiresScope(ApiScope.READ_CONTENT)
  @Query(() => Article, { nullable: true, description: "An article by ID. Non-published ones are NOT_FOUND except to their owner, editors and moderators. Counts a view when a reader other than the owner reads a published article." })
  article(@Arg("id", () => ID) id: string, @Ctx() ctx: AppContext): Promise<Article> {
    return getArticle(ctx, id, (rowId) => ctx.loaders.get(articleById).load(rowId));
  }

  @RequiresScope(ApiScope.READ_CONTENT)
  @Query(() => ArticleConnection, { description: "The public feed: published, not hidden by moderation. Keyset-paginated." })
  async articles(@Args() args: ArticlesArgs, @Ctx() ctx: AppContext) {
    const { page, count } = await listFeed(ctx, args);
    return ArticleConnection.from(page, count);
  }

  @Authorized(Role.EDITOR)
  @RequiresScope(ApiScope.READ_MODERATION)
  @Query(() => ArticleConnection, { description: "EDITOR: contributions (投稿) waiting for review, oldest first." })
  async submissions(@Args() args: ConnectionArgs, @Ctx() ctx: AppContext) {
    const { page, count } = await listSubmissions(ctx, args);
    return ArticleConnection.from(page, count);
  }

  @FieldResolver(() => User)
  async author(@Root() article: Article, @Ctx() ctx: AppContext): Promise<User> {
    return (await ctx.loaders.get(userById).load(article.authorId))!;
  }

  @FieldResolver(() => String, { description: "The name shown on the article: the author's pen name (笔名) if they have one, else their display name." })
  async byline(@Root() article: Article, @Ctx() ctx: AppContext): Promise<string> {
    const [user, penName] = await Promise.all([ctx.loaders.get(userById).load(article.authorId), ctx.loaders.get(penNameByUserId).load(article.authorId)]);
    return penName ?? user?.displayName ?? "";
  }

  @FieldResolver(() => [String], { description: "Normalized tags, alphabetical (at most 5)." })
  tags(@Root() article: Article, @Ctx() ctx: AppContext): Promise<string[]> {
    return ctx.loaders.get(tagsByArticleId).load(article.id);
  }

  @FieldResolver(() => Boolean, { description: "Whether the viewer liked it (false when anonymous)." })
  viewerHasLiked(@Root() article: Article, @Ctx() ctx: AppContext): Promise<boolean> {
    return ctx.loaders.get(viewerHasLikedByArticleId).load(article.id);
  }

  @FieldResolver(() => String, { description: "Markdown source." })
  async body(@Root() article: Article, @Ctx() ctx: AppContext): Promise<string> {
    return article.body ?? (await ctx.loaders.get(articleBodyById).load(article.id))?.body ?? "";
  }

  @FieldResolver(() => String, { description: "Sanitized HTML rendered from `body` on the server (no scripts, event handlers or javascript: URLs; links rel=\"nofollow noopener\")." })
  async bodyHtml(@Root() article: Article, @Ctx() ctx: AppContext): Promise<string> {
    return article.bodyHtml ?? (await ctx.loaders.get(articleBodyById).load(article.id))?.bodyHtml ?? "";
  }

  @FieldResolver(() => String, { nullable: true, description: "The editor's note on a reviewed submission: shown to the owner, editors and moderators only." })
  reviewNote(@Root() article: Article, @Ctx() ctx: AppContext): string | null {
    return isOwner(ctx.viewer, article) || isStaff(ctx.viewer) ? article.reviewNote : null;
  }
}
