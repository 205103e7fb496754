import type { EntityManager } from "typeorm";
import { Article } from "../articles/article.entity";
import { Comment, CommentState } from "./comment.entity";

/*
 * How moderation changes a comment's row (and the article's comment counter). The
 * trust-and-safety modules call these inside their own transactions.
 */

/** A visible comment goes into HIDDEN_PENDING_REVIEW (reports reached the threshold). False when it was not visible. */
export async function hideCommentPendingReview(em: EntityManager, id: number): Promise<boolean> {
  const changed = await em.update(Comment, { id, state: CommentState.VISIBLE }, { state: CommentState.HIDDEN_PENDING_REVIEW });
  return !!changed.affected;
}

/** A comment hidden pending review is shown again. False when it was not hidden. */
export async function restoreHiddenComment(em: EntityManager, id: number): Promise<boolean> {
  const changed = await em.update(Comment, { id, state: CommentState.HIDDEN_PENDING_REVIEW }, { state: CommentState.VISIBLE });
  return !!changed.affected;
}

/**
 * A moderator takes the comment down: REMOVED. One that still counted as live (visible or hidden
 * pending review) leaves its article's commentCount.
 */
export async function removeComment(em: EntityManager, comment: Pick<Comment, "id" | "state" | "articleId">, now: Date): Promise<void> {
  const wasLive = comment.state === CommentState.VISIBLE || comment.state === CommentState.HIDDEN_PENDING_REVIEW;
  await em.update(Comment, { id: comment.id }, { state: CommentState.REMOVED, updatedAt: now });
  if (wasLive) await em.decrement(Article, { id: comment.articleId }, "commentCount", 1);
}
