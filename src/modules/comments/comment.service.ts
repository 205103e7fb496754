import type { EntityManager } from "typeorm";
import type { ServiceContext } from "../../context";
import { notFound } from "../../errors";
import { inTransaction, lockRowForWrite } from "../../shared/db";
import { decodeIdOf, toGlobalId } from "../../shared/global-id";
import { WebhookEvent } from "../webhooks/webhook-event";
import { enqueueWebhookEvent } from "../webhooks/webhook.service";
import { Article } from "../articles/article.entity";
import { findArticleForWrite } from "../articles/article.service";
import { notify } from "../notifications/notification.service";
import { requireViewer } from "../users/user.service";
import { Comment, CommentState } from "./comment.entity";
import type { AddCommentInput, EditCommentInput } from "./comment.inputs";
import { newCommentNotifications } from "./comment.notifications";
import { assertCanComment, assertCanDeleteComment, assertCanEditComment, assertCanReplyTo, normalizeCommentBody, canViewComment } from "./comment.policy";

/**
 * Adds a comment or a reply. A reply to a reply joins the same top-level thread and records whom
 * it answers. Article.commentCount and the thread's replyCount move in the same transaction;
 * the article's author and the answered user are notified after commit.
 */
export async function addComment(ctx: ServiceContext, input: AddCommentInput): Promise<Comment> {
  const viewer = requireViewer(ctx);
  const articleId = decodeIdOf("Article", input.articleId, "articleId");
  const answeredId = input.parentId ? decodeIdOf("Comment", input.parentId, "parentId") : null;
  const body = normalizeCommentBody(input.body);
  const { comment, article } = await inTransaction(ctx.ds, async (em) => {
    const article = await findArticleForWrite(em, articleId, true);
    assertCanComment(viewer, article);
    let parentId: number | null = null;
    let replyToUserId: number | null = null;
    if (answeredId !== null) {
      const answered = await em.getRepository(Comment).findOneBy({ id: answeredId });
      const root = answered?.parentId ? await em.getRepository(Comment).findOneBy({ id: answered.parentId }) : answered;
      assertCanReplyTo(answered, root, article.id);
      parentId = root!.id;
      replyToUserId = answered.authorId;
    }
    const repo = em.getRepository(Comment);
    const comment = await repo.save(
      repo.create({ articleId, authorId: viewer.id, parentId, replyToUserId, body, state: CommentState.VISIBLE, replyCount: 0, createdAt: ctx.now, updatedAt: ctx.now, editedAt: null }),
    );
    await em.increment(Article, { id: articleId }, "commentCount", 1);
    if (parentId !== null) await em.increment(Comment, { id: parentId }, "replyCount", 1);
    await enqueueWebhookEvent(em, ctx.now, WebhookEvent.COMMENT_CREATED, {
      comment: { id: comment.globalId, body: comment.body, createdAt: comment.createdAt.toISOString(), parentId: parentId === null ? null : toGlobalId("Comment", parentId) },
      article: { id: toGlobalId("Article", articleId) },
      author: { id: toGlobalId("User", viewer.id) },
    });
    return { comment, article };
  });
  await notify(ctx, newCommentNotifications(viewer, article, comment));
  return comment;
}

/** Loads a comment the viewer can reach: missing, or on an article they cannot see, is NOT_FOUND. */
async function loadReachable(em: EntityManager, ctx: ServiceContext, id: number): Promise<Comment> {
  // Locked (MySQL): a concurrent moderation decision on this comment must not be overwritten.
  const comment = await lockRowForWrite(em, Comment, id);
  const article = comment ? await em.getRepository(Article).findOneBy({ id: comment.articleId }) : null;
  if (!canViewComment(ctx.viewer, comment, article)) throw notFound("Comment");
  return comment;
}

/** Its author rewrites a comment that is still up; `editedAt` records it. */
export async function editComment(ctx: ServiceContext, input: EditCommentInput): Promise<Comment> {
  const viewer = requireViewer(ctx);
  const id = decodeIdOf("Comment", input.id, "id");
  const body = normalizeCommentBody(input.body);
  return inTransaction(ctx.ds, async (em) => {
    const comment = await loadReachable(em, ctx, id);
    assertCanEditComment(viewer, comment);
    comment.body = body;
    comment.editedAt = ctx.now;
    comment.updatedAt = ctx.now;
    return em.getRepository(Comment).save(comment);
  });
}

/**
 * Soft delete by its author: the row stays so its thread stays, the body is erased, and the
 * article's commentCount (live comments) drops by one. The parent's replyCount is kept: the
 * deleted reply stays listed in the thread as a placeholder.
 */
export async function deleteComment(ctx: ServiceContext, globalId: string): Promise<Comment> {
  const viewer = requireViewer(ctx);
  const id = decodeIdOf("Comment", globalId, "id");
  return inTransaction(ctx.ds, async (em) => {
    const comment = await loadReachable(em, ctx, id);
    assertCanDeleteComment(viewer, comment);
    comment.state = CommentState.DELETED;
    comment.body = null;
    comment.updatedAt = ctx.now;
    const saved = await em.getRepository(Comment).save(comment);
    await em.decrement(Article, { id: comment.articleId }, "commentCount", 1);
    return saved;
  });
}
