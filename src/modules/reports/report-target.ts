import { createUnionType } from "type-graphql";
import type { AppContext } from "../../context";
import { Article } from "../articles/article.entity";
import { articleById } from "../articles/article.loaders";
import { canViewArticle } from "../articles/article.policy";
import { Comment } from "../comments/comment.entity";
import { loadVisibleComment } from "../comments/comment.loaders";
import { User } from "../users/user.entity";
import { userById } from "../users/user.loaders";
import { ReportTargetType } from "./report.enums";

/** What can be reported: the current state of the article, comment or user. */
export const ReportTarget = createUnionType({
  name: "ReportTarget",
  description: "The reported Article, Comment or User, as it is now (see `evidence` for what was judged).",
  types: () => [Article, Comment, User] as const,
});

/**
 * The target through the per-request loaders (one query per type for a whole page), with the
 * visibility rules of `node(id)`: moderators see everything, a reporter only what they may read.
 */
export async function loadVisibleTarget(ctx: AppContext, type: ReportTargetType, id: number): Promise<Article | Comment | User | null> {
  switch (type) {
    case ReportTargetType.ARTICLE: {
      const article = await ctx.loaders.get(articleById).load(id);
      return article && canViewArticle(ctx.viewer, article) ? article : null;
    }
    case ReportTargetType.COMMENT:
      return loadVisibleComment(ctx, id);
    case ReportTargetType.USER:
      return ctx.loaders.get(userById).load(id);
  }
}
