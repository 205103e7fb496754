import type { EntityManager } from "typeorm";
import type { ServiceContext } from "../../context";
import { badInput, notFound, type FieldProblem } from "../../errors";
import { inTransaction, lockRowForWrite } from "../../shared/db";
import { decodeIdOf } from "../../shared/global-id";
import { requireViewer } from "../users/user.service";
import { Article, ArticleStatus, ArticleTag, ModerationState, Originality, ReprintPolicy } from "./article.entity";
import type { CreateArticleInput, UpdateArticleInput } from "./article.inputs";
import { assertCanDelete, assertCanEdit } from "./article.policy";
import { renderMarkdown } from "./markdown";
import { normalizeTags } from "./tags";

/**
 * Reads an article inside a write transaction. `lock` takes the row's write lock first (MySQL;
 * SQLite transactions are serialised anyway): a write that inserts a child row (FK check = shared
 * lock) and then bumps a counter on the article would otherwise deadlock with a concurrent one.
 */
export function findArticleForWrite(em: EntityManager, id: number, lock = false): Promise<Article | null> {
  return lock ? lockRowForWrite(em, Article, id) : em.getRepository(Article).findOneBy({ id });
}

/** As findArticleForWrite; a missing article is NOT_FOUND like an invisible one. */

export async function loadArticleForWrite(em: EntityManager, id: number, lock = false): Promise<Article> {
  const article = await findArticleForWrite(em, id, lock);
  if (!article) throw notFound("Article");
  return article;
}

export const decodeArticleId = (id: string, field = "id"): number => decodeIdOf("Article", id, field);

const emptyToNull = (s: string | null | undefined): string | null => (s === undefined || s === null || s.trim() === "" ? null : s.trim());

/** Reprints (转载) name their source; originals carry none. */
function checkOriginality(article: Article): void {
  if (article.originality === Originality.ORIGINAL) {
    article.sourceName = null;
    article.sourceUrl = null;
    return;
  }
  const problems: FieldProblem[] = [];
  if (!article.sourceName) problems.push({ field: "sourceName", message: "is required for a reprint (转载)" });
  if (!article.sourceUrl) problems.push({ field: "sourceUrl", message: "is required for a reprint (转载)" });
  if (problems.length) throw badInput(problems, "REPRINT_SOURCE_REQUIRED");
}

function checkTitle(title: string): string {
  const trimmed = title.trim();
  if (!trimmed) throw badInput([{ field: "title", message: "must not be blank" }]);
  return trimmed;
}

async function replaceTags(em: EntityManager, articleId: number, tags: string[]): Promise<void> {
  await em.delete(ArticleTag, { articleId });
  if (tags.length) await em.insert(ArticleTag, tags.map((tag) => ({ articleId, tag })));
}

/** Any signed-in user writes drafts; the body is rendered to sanitized HTML once, on write. */
export async function createArticle(ctx: ServiceContext, input: CreateArticleInput): Promise<Article> {
  const viewer = requireViewer(ctx);
  const tags = normalizeTags(input.tags ?? []);
  const article = Object.assign(new Article(), {
    authorId: viewer.id,
    title: checkTitle(input.title),
    summary: emptyToNull(input.summary),
    body: input.body,
    bodyHtml: renderMarkdown(input.body),
    originality: input.originality ?? Originality.ORIGINAL,
    sourceName: emptyToNull(input.sourceName),
    sourceUrl: emptyToNull(input.sourceUrl),
    reprintPolicy: input.reprintPolicy ?? ReprintPolicy.FORBIDDEN,
    status: ArticleStatus.DRAFT,
    moderationState: ModerationState.VISIBLE,
    commentsEnabled: input.commentsEnabled ?? true,
    likeCount: 0,
    commentCount: 0,
    viewCount: 0,
    reviewNote: null,
    reviewedById: null,
    submittedAt: null,
    publishedAt: null,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  });
  checkOriginality(article);
  return inTransaction(ctx.ds, async (em) => {
    const saved = await em.save(article);
    // A new article has no tags to delete: a DELETE of absent rows takes gap locks on MySQL,
    // and concurrent drafts then deadlock on their INSERTs (found by the fault test's load).
    if (tags.length) await em.insert(ArticleTag, tags.map((tag) => ({ articleId: saved.id, tag })));
    return saved;
  });
}

/** The owner edits an article (not while under review, not once removed); omitted fields stay. */
export async function updateArticle(ctx: ServiceContext, input: UpdateArticleInput): Promise<Article> {
  const viewer = requireViewer(ctx);
  const id = decodeArticleId(input.id);
  const tags = input.tags === undefined || input.tags === null ? undefined : normalizeTags(input.tags);
  return inTransaction(ctx.ds, async (em) => {
    // Locked: a concurrent submit, review or moderation decision must not be overwritten.
    const article = await loadArticleForWrite(em, id, true);
    assertCanEdit(viewer, article);
    if (input.title !== undefined && input.title !== null) article.title = checkTitle(input.title);
    if (input.summary !== undefined) article.summary = emptyToNull(input.summary);
    if (input.body !== undefined && input.body !== null && input.body !== article.body) {
      article.body = input.body;
      article.bodyHtml = renderMarkdown(input.body);
    }
    if (input.originality) article.originality = input.originality;
    if (input.sourceName !== undefined) article.sourceName = emptyToNull(input.sourceName);
    if (input.sourceUrl !== undefined) article.sourceUrl = emptyToNull(input.sourceUrl);
    if (input.reprintPolicy) article.reprintPolicy = input.reprintPolicy;
    if (input.commentsEnabled !== undefined && input.commentsEnabled !== null) article.commentsEnabled = input.commentsEnabled;
    checkOriginality(article);
    article.updatedAt = ctx.now;
    const saved = await em.save(article);
    if (tags) await replaceTags(em, id, tags);
    return saved;
  });
}

/** The owner deletes a draft for good (its tags and likes go with it); other states are kept on record. */
export async function deleteArticle(ctx: ServiceContext, globalId: string): Promise<Article> {
  const viewer = requireViewer(ctx);
  const id = decodeArticleId(globalId);
  return inTransaction(ctx.ds, async (em) => {
    const article = await loadArticleForWrite(em, id);
    assertCanDelete(viewer, article);
    await em.delete(Article, { id });
    return Object.assign(article, { id });
  });
}
