import DataLoader from "dataloader";
import { In } from "typeorm";
import { byKeys, defineLoader, groupByKeys, rowById } from "../../shared/loaders";
import { ArticleLike } from "./article-like.entity";
import { Article, ArticleTag } from "./article.entity";

/** Whole article rows (body included) by id; visibility is the caller's business. */
export const articleById = rowById(Article);

/** Markdown and HTML bodies for rows that lists loaded without them. */
export const articleBodyById = defineLoader(
  "articleBodyById",
  (ctx) =>
    new DataLoader<number, { body: string; bodyHtml: string } | null>(async (ids) => {
      const rows = await ctx.ds.getRepository(Article).find({ select: { id: true, body: true, bodyHtml: true }, where: { id: In([...ids]) } });
      return byKeys(ids, rows, (a) => a.id, null);
    }),
);

/** Tags per article, alphabetical. */
export const tagsByArticleId = defineLoader(
  "tagsByArticleId",
  (ctx) =>
    new DataLoader<number, string[]>(async (ids) => {
      const rows = await ctx.ds.getRepository(ArticleTag).find({ where: { articleId: In([...ids]) }, order: { tag: "ASC" } });
      return groupByKeys(ids, rows, (t) => t.articleId).map((list) => list.map((t) => t.tag));
    }),
);

/** Whether the viewer liked each article: one query per batch, none for anonymous readers. */
export const viewerHasLikedByArticleId = defineLoader(
  "viewerHasLikedByArticleId",
  (ctx) =>
    new DataLoader<number, boolean>(async (ids) => {
      const viewer = ctx.viewer;
      if (!viewer) return ids.map(() => false);
      const rows = await ctx.ds.getRepository(ArticleLike).find({ select: { articleId: true }, where: { userId: viewer.id, articleId: In([...ids]) } });
      const liked = new Set(rows.map((r) => r.articleId));
      return ids.map((id) => liked.has(id));
    }),
);
