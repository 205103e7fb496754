import { badField, forbidden, invalidState, notFound } from "../../errors";
import { ArticleStatus, ModerationState, type Article } from "../articles/article.entity";
import type { Viewer } from "../auth/auth.service";
import { assertNotMuted } from "../moderation/standing.policy";
import { isModerator } from "../users/role";
import { COMMENT_BODY_MAX, CommentState, type Comment } from "./comment.entity";
import { canViewArticle } from "../articles/article.policy";

/**
 * Comments go on published, visible articles whose thread is open. Anything else the viewer
 * cannot comment on looks like a missing article; a closed thread says so. Account standing
 * (muted, banned) is checked first: a muted user cannot comment anywhere.
 */
export function assertCanComment(viewer: Viewer, article: Article | null): asserts article is Article {
  assertNotMuted(viewer);
  if (!article || article.status !== ArticleStatus.PUBLISHED || article.moderationState !== ModerationState.VISIBLE) {
    throw notFound("Article", "ARTICLE_NOT_FOUND");
  }
  if (!article.commentsEnabled) throw forbidden("COMMENTS_DISABLED", "Comments are disabled on this article.");
}

/** A reply answers a comment of the same article that is still up (its thread's root not taken down). */
export function assertCanReplyTo(target: Comment | null, root: Comment | null, articleId: number): asserts target is Comment {
  if (!target || target.articleId !== articleId || !root) throw notFound("Comment", "PARENT_NOT_FOUND");
  if (target.state === CommentState.DELETED) throw invalidState("COMMENT_DELETED", "The comment you are replying to was deleted.");
  if (target.state !== CommentState.VISIBLE || (root.state !== CommentState.VISIBLE && root.state !== CommentState.DELETED)) {
    throw invalidState("COMMENT_UNAVAILABLE", "The comment you are replying to is not available.");
  }
}

/** Only its author edits a comment, only while it is up, and not while muted. */
export function assertCanEditComment(viewer: Viewer, comment: Comment): void {
  assertNotMuted(viewer);
  assertOwnLiveComment(viewer, comment);
}

function assertOwnLiveComment(viewer: Viewer, comment: Comment): void {
  if (comment.authorId !== viewer.id) throw forbidden("NOT_COMMENT_AUTHOR", "Only its author can change this comment.");
  if (comment.state === CommentState.DELETED) throw invalidState("COMMENT_DELETED", "This comment was deleted.");
  if (comment.state !== CommentState.VISIBLE) throw invalidState("COMMENT_UNDER_MODERATION", "This comment is hidden or removed by moderation and cannot be changed.");
}

/** Its author deletes a comment that is up (also while muted); a hidden or removed one stays as moderation left it. */
export function assertCanDeleteComment(viewer: Viewer, comment: Comment): void {
  assertOwnLiveComment(viewer, comment);
}

/**
 * A comment is visible exactly when its article is visible to the viewer (node(id), report
 * targets, edits, reports); whether its *body* is shown is visibleBody's question.
 */
export function canViewComment(viewer: Viewer | null, comment: Comment | null, article: Article | null): comment is Comment {
  return !!comment && !!article && canViewArticle(viewer, article);
}

/** The body of a REMOVED or hidden comment is shown to its author and moderators only; a deleted one to nobody. */
export function visibleBody(viewer: Viewer | null, comment: Pick<Comment, "state" | "body" | "authorId">): string | null {
  if (comment.state === CommentState.VISIBLE) return comment.body;
  if (comment.state === CommentState.DELETED || !viewer) return null;
  return viewer.id === comment.authorId || isModerator(viewer) ? comment.body : null;
}

/** Plain text, trimmed, 1–2,000 characters (counted in code points, as MySQL counts them). */
export function normalizeCommentBody(raw: string): string {
  const body = raw.trim();
  const length = [...body].length;
  if (length < 1 || length > COMMENT_BODY_MAX) throw badField("body", `must be 1–${COMMENT_BODY_MAX} characters long`);
  return body;
}
