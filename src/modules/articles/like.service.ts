import type { ServiceContext } from "../../context";
import { notFound } from "../../errors";
import { inTransaction, isUniqueViolation } from "../../shared/db";
import { requireViewer } from "../users/user.service";
import { ArticleLike } from "./article-like.entity";
import { Article } from "./article.entity";
import { assertCanLike, canViewArticle } from "./article.policy";
import { decodeArticleId, loadArticleForWrite } from "./article.service";

/** Idempotent: the first like adds a row and bumps likeCount in the same transaction; later ones change nothing. */
export async function likeArticle(ctx: ServiceContext, globalId: string): Promise<Article> {
  const viewer = requireViewer(ctx);
  const id = decodeArticleId(globalId);
  try {
    return await inTransaction(ctx.ds, async (em) => {
      const article = await loadArticleForWrite(em, id, true);
      assertCanLike(viewer, article);
      if (await em.existsBy(ArticleLike, { userId: viewer.id, articleId: id })) return article;
      await em.insert(ArticleLike, { userId: viewer.id, articleId: id, createdAt: ctx.now });
      await em.increment(Article, { id }, "likeCount", 1);
      article.likeCount += 1;
      return article;
    });
  } catch (err) {
    // A concurrent like by the same user won the primary key: the outcome is the same.
    if (isUniqueViolation(err)) return ctx.ds.getRepository(Article).findOneByOrFail({ id });
    throw err;
  }
}

/** Idempotent: removes the viewer's like if there is one and lowers likeCount with it. */
export async function unlikeArticle(ctx: ServiceContext, globalId: string): Promise<Article> {
  const viewer = requireViewer(ctx);
  const id = decodeArticleId(globalId);
  return inTransaction(ctx.ds, async (em) => {
    const article = await loadArticleForWrite(em, id, true);
    if (!canViewArticle(viewer, article)) throw notFound("Article");
    const result = await em.delete(ArticleLike, { userId: viewer.id, articleId: id });
    if (result.affected) {
      await em.createQueryBuilder().update(Article).set({ likeCount: () => "likeCount - 1" }).where("id = :id AND likeCount > 0", { id }).execute();
      article.likeCount = Math.max(0, article.likeCount - 1);
    }
    return article;
  });
}
