import type { DataSource } from "typeorm";
import { Article, ArticleStatus, ArticleTag, ModerationState, Originality, ReprintPolicy } from "../src/modules/articles/article.entity";
import { renderMarkdown } from "../src/modules/articles/markdown";
import { AuthorApplication, AuthorApplicationStatus } from "../src/modules/author-applications/author-application.entity";
import { toGlobalId } from "../src/shared/global-id";
import type { User } from "../src/modules/users/user.entity";
import { buildAuthor } from "./factories";

export interface ArticleOverrides extends Partial<Article> {
  author?: User;
  tags?: string[];
}

/** An article row (PUBLISHED by default, by a fresh author unless given). */
export async function buildArticle(ds: DataSource, overrides: ArticleOverrides = {}): Promise<Article> {
  const { author: given, tags = [], ...fields } = overrides;
  const author = given ?? (await buildAuthor(ds));
  const now = fields.createdAt ?? new Date();
  const status = fields.status ?? ArticleStatus.PUBLISHED;
  const body = fields.body ?? "正文内容：这是一篇**测试**文章。";
  const article = await ds.getRepository(Article).save(
    Object.assign(new Article(), {
      authorId: author.id,
      title: "测试文章",
      summary: "一段摘要",
      body,
      bodyHtml: renderMarkdown(body),
      originality: Originality.ORIGINAL,
      sourceName: null,
      sourceUrl: null,
      reprintPolicy: ReprintPolicy.FORBIDDEN,
      moderationState: ModerationState.VISIBLE,
      commentsEnabled: true,
      likeCount: 0,
      commentCount: 0,
      viewCount: 0,
      reviewNote: null,
      reviewedById: null,
      submittedAt: status === ArticleStatus.SUBMITTED ? now : null,
      publishedAt: status === ArticleStatus.PUBLISHED ? now : null,
      updatedAt: now,
      ...fields,
      status,
      createdAt: now,
    }),
  );
  if (tags.length) await ds.getRepository(ArticleTag).insert(tags.map((tag) => ({ articleId: article.id, tag })));
  return article;
}

export async function buildApplication(ds: DataSource, applicant: User, overrides: Partial<AuthorApplication> = {}): Promise<AuthorApplication> {
  const now = overrides.createdAt ?? new Date();
  const status = overrides.status ?? AuthorApplicationStatus.PENDING;
  return ds.getRepository(AuthorApplication).save(
    Object.assign(new AuthorApplication(), {
      userId: applicant.id,
      pendingKey: status === AuthorApplicationStatus.PENDING ? applicant.id : null,
      penName: "笔名",
      bio: "自我介绍",
      motivation: "想分享经验",
      sampleUrls: [],
      status,
      reviewNote: null,
      reviewedById: null,
      reviewedAt: status === AuthorApplicationStatus.PENDING ? null : now,
      createdAt: now,
      updatedAt: now,
      ...overrides,
    }),
  );
}

export const articleGid = (a: { id: number }) => toGlobalId("Article", a.id);
export const userGid = (u: { id: number }) => toGlobalId("User", u.id);
export const applicationGid = (a: { id: number }) => toGlobalId("AuthorApplication", a.id);
