import type { EntityManager } from "typeorm";
import { Article, ArticleStatus, ModerationState } from "./article.entity";

/*
 * How moderation changes an article's row. The trust-and-safety modules call these inside their
 * own transactions; the articles module owns its columns and their allowed transitions.
 */

/** A published, visible article goes into HIDDEN_PENDING_REVIEW (reports reached the threshold). False when it was not live. */
export async function hideArticlePendingReview(em: EntityManager, id: number): Promise<boolean> {
  const changed = await em.update(Article, { id, status: ArticleStatus.PUBLISHED, moderationState: ModerationState.VISIBLE }, { moderationState: ModerationState.HIDDEN_PENDING_REVIEW });
  return !!changed.affected;
}

/** An article hidden pending review is shown again (nothing was taken down). False when it was not hidden. */
export async function restoreHiddenArticle(em: EntityManager, id: number): Promise<boolean> {
  const changed = await em.update(Article, { id, moderationState: ModerationState.HIDDEN_PENDING_REVIEW }, { moderationState: ModerationState.VISIBLE });
  return !!changed.affected;
}

/** A moderator takes the article down: REMOVED (its own status; the review hold ends). */
export async function removeArticle(em: EntityManager, id: number, now: Date): Promise<void> {
  await em.update(Article, { id }, { status: ArticleStatus.REMOVED, moderationState: ModerationState.VISIBLE, updatedAt: now });
}
