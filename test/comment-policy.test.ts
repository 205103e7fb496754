import assert from "node:assert/strict";
import { canViewArticle } from "../src/modules/articles/article.policy";
import { describe, it } from "node:test";
import { Article, ArticleStatus, ModerationState } from "../src/modules/articles/article.entity";
import type { Viewer } from "../src/modules/auth/auth.service";
import { Comment, CommentState } from "../src/modules/comments/comment.entity";
import {
  assertCanComment,
  assertCanEditComment,
  assertCanReplyTo,
  normalizeCommentBody,
  visibleBody,
} from "../src/modules/comments/comment.policy";
import { Role } from "../src/modules/users/role";
import type { User } from "../src/modules/users/user.entity";

const viewer = (id: number, roles: Role[] = [Role.READER]): Viewer => ({ id, roles, user: { id } as User, sessionId: null });
const article = (o: Partial<Article> = {}) =>
  Object.assign(new Article(), { id: 1, authorId: 10, status: ArticleStatus.PUBLISHED, moderationState: ModerationState.VISIBLE, commentsEnabled: true, ...o });
const comment = (o: Partial<Comment> = {}) =>
  Object.assign(new Comment(), { id: 5, articleId: 1, authorId: 20, parentId: null, state: CommentState.VISIBLE, body: "正文", ...o });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    const e = err as { extensions: { code: string; reason: string } };
    return `${e.extensions.code}/${e.extensions.reason}`;
  }
  return "OK";
};

describe("comment policy", () => {
  it("canViewArticle (articles policy, used for comments): published and visible for all; otherwise owner, editors, moderators", () => {
    assert.equal(canViewArticle(null, article()), true);
    const draft = article({ status: ArticleStatus.DRAFT });
    assert.equal(canViewArticle(null, draft), false);
    assert.equal(canViewArticle(viewer(20), draft), false);
    assert.equal(canViewArticle(viewer(10), draft), true);
    assert.equal(canViewArticle(viewer(30, [Role.EDITOR]), draft), true);
    assert.equal(canViewArticle(viewer(30, [Role.MODERATOR]), article({ moderationState: ModerationState.HIDDEN_PENDING_REVIEW })), true);
  });

  it("assertCanComment", () => {
    assert.equal(codeOf(() => assertCanComment(viewer(20), article())), "OK");
    assert.equal(codeOf(() => assertCanComment(viewer(20), null)), "NOT_FOUND/ARTICLE_NOT_FOUND");
    assert.equal(codeOf(() => assertCanComment(viewer(10), article({ status: ArticleStatus.DRAFT }))), "NOT_FOUND/ARTICLE_NOT_FOUND");
    assert.equal(codeOf(() => assertCanComment(viewer(20), article({ moderationState: ModerationState.HIDDEN_PENDING_REVIEW }))), "NOT_FOUND/ARTICLE_NOT_FOUND");
    assert.equal(codeOf(() => assertCanComment(viewer(20), article({ commentsEnabled: false }))), "FORBIDDEN/COMMENTS_DISABLED");
  });

  it("assertCanReplyTo", () => {
    const top = comment();
    assert.equal(codeOf(() => assertCanReplyTo(top, top, 1)), "OK");
    assert.equal(codeOf(() => assertCanReplyTo(null, null, 1)), "NOT_FOUND/PARENT_NOT_FOUND");
    assert.equal(codeOf(() => assertCanReplyTo(top, top, 2)), "NOT_FOUND/PARENT_NOT_FOUND");
    assert.equal(codeOf(() => assertCanReplyTo(comment({ state: CommentState.DELETED }), top, 1)), "INVALID_STATE/COMMENT_DELETED");
    assert.equal(codeOf(() => assertCanReplyTo(comment({ state: CommentState.HIDDEN_PENDING_REVIEW }), top, 1)), "INVALID_STATE/COMMENT_UNAVAILABLE");
    const reply = comment({ id: 6, parentId: 5 });
    assert.equal(codeOf(() => assertCanReplyTo(reply, comment({ state: CommentState.DELETED }), 1)), "OK");
    assert.equal(codeOf(() => assertCanReplyTo(reply, comment({ state: CommentState.REMOVED }), 1)), "INVALID_STATE/COMMENT_UNAVAILABLE");
  });

  it("assertCanEditComment", () => {
    assert.equal(codeOf(() => assertCanEditComment(viewer(20), comment())), "OK");
    assert.equal(codeOf(() => assertCanEditComment(viewer(21, [Role.ADMIN]), comment())), "FORBIDDEN/NOT_COMMENT_AUTHOR");
    assert.equal(codeOf(() => assertCanEditComment(viewer(20), comment({ state: CommentState.DELETED }))), "INVALID_STATE/COMMENT_DELETED");
    assert.equal(codeOf(() => assertCanEditComment(viewer(20), comment({ state: CommentState.REMOVED }))), "INVALID_STATE/COMMENT_UNDER_MODERATION");
  });

  it("visibleBody", () => {
    assert.equal(visibleBody(null, comment()), "正文");
    assert.equal(visibleBody(viewer(20), comment({ state: CommentState.DELETED, body: null })), null);
    const removed = comment({ state: CommentState.REMOVED });
    assert.equal(visibleBody(null, removed), null);
    assert.equal(visibleBody(viewer(21), removed), null);
    assert.equal(visibleBody(viewer(20), removed), "正文");
    assert.equal(visibleBody(viewer(21, [Role.MODERATOR]), removed), "正文");
  });

  it("normalizeCommentBody trims and counts code points", () => {
    assert.equal(normalizeCommentBody("  你好 \n"), "你好");
    assert.equal(normalizeCommentBody("😀".repeat(2000)).length, 4000);
    assert.equal(codeOf(() => normalizeCommentBody(" \t ")), "BAD_USER_INPUT/VALIDATION_FAILED");
    assert.equal(codeOf(() => normalizeCommentBody("😀".repeat(2001))), "BAD_USER_INPUT/VALIDATION_FAILED");
  });
});
