import { randomBytes } from "node:crypto";
import type { DataSource } from "typeorm";
import { Article } from "../src/modules/articles/article.entity";
import { Comment, CommentState } from "../src/modules/comments/comment.entity";
import type { User } from "../src/modules/users/user.entity";
import { buildArticle as buildContentArticle } from "./factories-content";

/** A PUBLISHED article row (comments open) by `author`, dated 2026-01-01 unless overridden. */
export function buildArticle(ds: DataSource, author: User, overrides: Partial<Article> = {}): Promise<Article> {
  const now = overrides.createdAt ?? new Date("2026-01-01T00:00:00Z");
  return buildContentArticle(ds, { author, title: `测试文章 ${randomBytes(3).toString("hex")}`, summary: null, body: "正文", publishedAt: now, updatedAt: now, ...overrides, createdAt: now });
}

/** A comment row written directly (bulk set-up for list tests); keeps the counters in step. */
export async function buildComment(ds: DataSource, article: Article, author: User, overrides: Partial<Comment> = {}): Promise<Comment> {
  const now = overrides.createdAt ?? new Date("2026-01-02T00:00:00Z");
  const repo = ds.getRepository(Comment);
  const comment = await repo.save(
    repo.create({
      articleId: article.id,
      authorId: author.id,
      parentId: null,
      replyToUserId: null,
      body: `评论 ${randomBytes(3).toString("hex")}`,
      state: CommentState.VISIBLE,
      replyCount: 0,
      createdAt: now,
      updatedAt: now,
      editedAt: null,
      ...overrides,
    }),
  );
  await ds.getRepository(Article).increment({ id: article.id }, "commentCount", 1);
  if (comment.parentId !== null) await repo.increment({ id: comment.parentId }, "replyCount", 1);
  return comment;
}
