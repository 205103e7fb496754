import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AppError } from "../src/errors";
import type { Viewer } from "../src/modules/auth/auth.service";
import { ArticleStatus, ModerationState } from "../src/modules/articles/article.entity";
import { assertCanDelete, assertCanEdit, assertCanPublish, assertCanSubmit, canViewArticle } from "../src/modules/articles/article.policy";
import { likePattern } from "../src/modules/articles/article-query.service";
import { renderMarkdown } from "../src/modules/articles/markdown";
import { normalizeTags } from "../src/modules/articles/tags";
import { AuthorApplicationStatus } from "../src/modules/author-applications/author-application.entity";
import { assertCanApply } from "../src/modules/author-applications/author-application.policy";
import { Role } from "../src/modules/users/role";
import type { User } from "../src/modules/users/user.entity";

const viewer = (id: number, ...roles: Role[]): Viewer => ({ id, roles: [Role.READER, ...roles], user: {} as User, sessionId: null });
const article = (status: ArticleStatus, authorId = 1, moderationState = ModerationState.VISIBLE) => ({ authorId, status, moderationState });
const reasonOf = (fn: () => void): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (err) {
    assert.ok(err instanceof AppError);
    return `${err.code}/${err.reason}`;
  }
};

describe("publishing policies (pure)", () => {
  it("visibility: public articles for all, the rest for owner and staff", () => {
    assert.equal(canViewArticle(null, article(ArticleStatus.PUBLISHED)), true);
    assert.equal(canViewArticle(null, article(ArticleStatus.PUBLISHED, 1, ModerationState.HIDDEN_PENDING_REVIEW)), false);
    assert.equal(canViewArticle(viewer(2), article(ArticleStatus.DRAFT)), false);
    assert.equal(canViewArticle(viewer(1), article(ArticleStatus.DRAFT)), true);
    assert.equal(canViewArticle(viewer(3, Role.EDITOR), article(ArticleStatus.DRAFT)), true);
    assert.equal(canViewArticle(viewer(3, Role.MODERATOR), article(ArticleStatus.REMOVED)), true);
    assert.equal(canViewArticle(viewer(3, Role.ADMIN), article(ArticleStatus.SUBMITTED)), true);
  });

  it("the state machine of publish, submit, edit and delete", () => {
    const author = viewer(1, Role.AUTHOR);
    const table: [ArticleStatus, string | undefined, string | undefined, string | undefined, string | undefined][] = [
      //            publish                          submit                             edit                              delete
      [ArticleStatus.DRAFT, undefined, undefined, undefined, undefined],
      [ArticleStatus.SUBMITTED, "INVALID_STATE/UNDER_REVIEW", "INVALID_STATE/ALREADY_SUBMITTED", "INVALID_STATE/UNDER_REVIEW", "INVALID_STATE/NOT_A_DRAFT"],
      [ArticleStatus.PUBLISHED, "INVALID_STATE/ALREADY_PUBLISHED", "INVALID_STATE/ALREADY_PUBLISHED", undefined, "INVALID_STATE/NOT_A_DRAFT"],
      [ArticleStatus.REJECTED, undefined, undefined, undefined, "INVALID_STATE/NOT_A_DRAFT"],
      [ArticleStatus.UNPUBLISHED, undefined, undefined, undefined, "INVALID_STATE/NOT_A_DRAFT"],
      [ArticleStatus.REMOVED, "INVALID_STATE/ARTICLE_REMOVED", "INVALID_STATE/ARTICLE_REMOVED", "INVALID_STATE/ARTICLE_REMOVED", "INVALID_STATE/NOT_A_DRAFT"],
    ];
    for (const [status, publish, submit, edit, del] of table) {
      const a = article(status);
      assert.deepEqual(
        [reasonOf(() => assertCanPublish(author, a)), reasonOf(() => assertCanSubmit(author, a)), reasonOf(() => assertCanEdit(author, a)), reasonOf(() => assertCanDelete(author, a))],
        [publish, submit, edit, del],
        status,
      );
    }
    assert.equal(reasonOf(() => assertCanPublish(viewer(1), article(ArticleStatus.DRAFT))), "AUTHOR_REQUIRED/AUTHOR_ROLE_REQUIRED");
    assert.equal(reasonOf(() => assertCanPublish(viewer(1, Role.EDITOR), article(ArticleStatus.DRAFT))), undefined);
    assert.equal(reasonOf(() => assertCanPublish(viewer(2, Role.AUTHOR), article(ArticleStatus.DRAFT))), "NOT_FOUND/NOT_FOUND");
    assert.equal(reasonOf(() => assertCanPublish(viewer(2, Role.EDITOR), article(ArticleStatus.DRAFT))), "FORBIDDEN/NOT_OWNER");
  });

  it("applying: not an author, nothing pending, 30 days after a rejection", () => {
    const now = new Date("2026-05-31T00:00:00Z");
    const rejectedAt = new Date("2026-05-01T00:00:01Z");
    const rejected = { userId: 1, status: AuthorApplicationStatus.REJECTED, reviewedAt: rejectedAt, createdAt: rejectedAt };
    assert.equal(reasonOf(() => assertCanApply(viewer(1), null, now)), undefined);
    assert.equal(reasonOf(() => assertCanApply(viewer(1, Role.AUTHOR), null, now)), "CONFLICT/ALREADY_AUTHOR");
    assert.equal(reasonOf(() => assertCanApply(viewer(1), { ...rejected, status: AuthorApplicationStatus.PENDING }, now)), "CONFLICT/APPLICATION_PENDING");
    assert.equal(reasonOf(() => assertCanApply(viewer(1), rejected, now)), "FORBIDDEN/REAPPLY_TOO_SOON");
    assert.equal(reasonOf(() => assertCanApply(viewer(1), rejected, new Date("2026-05-31T00:00:01Z"))), undefined);
  });

  it("tags, LIKE escaping and Markdown", () => {
    assert.deepEqual(normalizeTags([" #TypeScript ", "typescript", "ＧＯ", "机器  学习", ""]), ["typescript", "go", "机器 学习"]);
    assert.equal(likePattern("100%_!"), "%100!%!_!!%");
    assert.equal(renderMarkdown('<a href="https://x.example" rel="dofollow" target="_blank">x</a>'), '<p><a href="https://x.example" rel="nofollow noopener">x</a></p>\n');
    assert.equal(renderMarkdown("`<script>`"), "<p><code>&lt;script&gt;</code></p>\n");
  });
});
