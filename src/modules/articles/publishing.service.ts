import type { EntityManager } from "typeorm";
import type { ServiceContext } from "../../context";
import { WebhookEvent } from "../webhooks/webhook-event";
import { enqueueWebhookEvent } from "../webhooks/webhook.service";
import { badField, conflict } from "../../errors";
import { inTransaction } from "../../shared/db";
import { toGlobalId } from "../../shared/global-id";
import { ModerationAction } from "../moderation-log/moderation-log.entity";
import { appendModerationLog } from "../moderation-log/moderation-log.service";
import { notify, NotificationType } from "../notifications/notification.service";
import { requireViewer } from "../users/user.service";
import { Article, ArticleStatus } from "./article.entity";
import type { ReviewSubmissionInput } from "./article.inputs";
import { assertCanPublish, assertCanReviewSubmission, assertCanSubmit, assertCanUnpublish } from "./article.policy";
import { decodeArticleId, loadArticleForWrite } from "./article.service";

/**
 * Moves an article from one state to another with a guarded UPDATE (`WHERE status = <the state
 * the policy saw>`): when two requests race, only one transition happens; the other is refused
 * as if it had seen the new state.
 */
async function transition(
  ctx: ServiceContext,
  globalId: string,
  check: (article: Article) => void,
  change: (article: Article) => Partial<Article>,
  afterChange?: (em: EntityManager, article: Article) => Promise<unknown>,
): Promise<Article> {
  const id = decodeArticleId(globalId);
  for (let attempt = 0; ; attempt++) {
    const outcome = await inTransaction(ctx.ds, async (em) => {
      const article = await loadArticleForWrite(em, id);
      check(article);
      const patch = { ...change(article), updatedAt: ctx.now };
      const result = await em.getRepository(Article).update({ id, status: article.status }, patch);
      if (result.affected === 0) return null;
      Object.assign(article, patch);
      await afterChange?.(em, article);
      return article;
    });
    if (outcome) return outcome;
    if (attempt >= 2) throw conflict("CONCURRENT_CHANGE", "The article kept changing while this was applied; reload it and try again.");
  }
}

/** Partners hear of every publication (direct or through editorial review) in the same transaction. */
function enqueueArticlePublished(em: EntityManager, now: Date, a: Article): Promise<number> {
  return enqueueWebhookEvent(em, now, WebhookEvent.ARTICLE_PUBLISHED, {
    article: { id: a.globalId, title: a.title, summary: a.summary, publishedAt: a.publishedAt?.toISOString() ?? null, author: { id: toGlobalId("User", a.authorId) } },
  });
}

/** Authors only (AUTHOR, EDITOR, ADMIN) publish their own article; the first publication date is kept. */
export function publishArticle(ctx: ServiceContext, globalId: string): Promise<Article> {
  const viewer = requireViewer(ctx);
  return transition(
    ctx,
    globalId,
    (a) => assertCanPublish(viewer, a),
    (a) => ({ status: ArticleStatus.PUBLISHED, publishedAt: a.publishedAt ?? ctx.now }),
    (em, a) => enqueueArticlePublished(em, ctx.now, a),
  );
}

/** 投稿: the owner sends the article to editorial review; the previous review note is cleared. */
export function submitArticle(ctx: ServiceContext, globalId: string): Promise<Article> {
  const viewer = requireViewer(ctx);
  return transition(ctx, globalId, (a) => assertCanSubmit(viewer, a), () => ({ status: ArticleStatus.SUBMITTED, submittedAt: ctx.now, reviewNote: null, reviewedById: null }));
}

/** The owner takes a published article off the site (it can be published or submitted again). */
export function unpublishArticle(ctx: ServiceContext, globalId: string): Promise<Article> {
  const viewer = requireViewer(ctx);
  return transition(ctx, globalId, (a) => assertCanUnpublish(viewer, a), () => ({ status: ArticleStatus.UNPUBLISHED }));
}

/**
 * EDITOR: accept publishes the contribution under the contributor's own name; reject (note
 * required) → REJECTED. Logged in the same transaction; the contributor is notified after commit.
 */
export async function reviewSubmission(ctx: ServiceContext, input: ReviewSubmissionInput): Promise<Article> {
  const editor = requireViewer(ctx);
  const id = decodeArticleId(input.articleId, "articleId");
  const note = input.note?.trim() || null;
  if (!input.accept && !note) throw badField("note", "is required when rejecting a submission", "NOTE_REQUIRED");
  const targetId = toGlobalId("Article", id);
  const article = await inTransaction(ctx.ds, async (em) => {
    const current = await loadArticleForWrite(em, id);
    assertCanReviewSubmission(editor, current);
    const patch: Partial<Article> = input.accept
      ? { status: ArticleStatus.PUBLISHED, publishedAt: current.publishedAt ?? ctx.now, reviewNote: note, reviewedById: editor.id, updatedAt: ctx.now }
      : { status: ArticleStatus.REJECTED, reviewNote: note, reviewedById: editor.id, updatedAt: ctx.now };
    const result = await em.getRepository(Article).update({ id, status: ArticleStatus.SUBMITTED }, patch);
    if (result.affected === 0) assertCanReviewSubmission(editor, await loadArticleForWrite(em, id));
    await appendModerationLog(em, ctx.now, {
      actorId: editor.id,
      action: input.accept ? ModerationAction.SUBMISSION_ACCEPTED : ModerationAction.SUBMISSION_REJECTED,
      targetId,
      reason: note,
      details: { authorId: toGlobalId("User", current.authorId), title: current.title },
    });
    Object.assign(current, patch);
    if (input.accept) await enqueueArticlePublished(em, ctx.now, current);
    return current;
  });
  await notify(ctx, [
    input.accept
      ? { userId: article.authorId, type: NotificationType.SUBMISSION_ACCEPTED, message: `你的投稿《${article.title}》已通过审核并发布。`, subjectId: targetId, data: { note } }
      : { userId: article.authorId, type: NotificationType.SUBMISSION_REJECTED, message: `你的投稿《${article.title}》未通过审核：${note}`, subjectId: targetId, data: { note } },
  ]);
  return article;
}
