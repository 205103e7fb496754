import { AppError, forbidden, invalidState, notFound } from "../../errors";
import type { Viewer } from "../auth/auth.service";
import { assertNotMuted } from "../moderation/standing.policy";
import { hasRole, Role, isModerator } from "../users/role";
import { ArticleStatus, ModerationState, type Article } from "./article.entity";

/*
 * Pure rules over loaded facts (no database access). Account standing (mute) is checked here too,
 * so every write path that calls these rules applies it.
 */

type ArticleFacts = Pick<Article, "authorId" | "status" | "moderationState">;

export const isOwner = (viewer: Viewer | null, article: Pick<Article, "authorId">): boolean => viewer?.id === article.authorId;

/** Editors and moderators (and admins) see every article, whatever its state. */
export const isStaff = (viewer: Viewer | null): boolean => !!viewer && (hasRole(viewer.roles, Role.EDITOR) || isModerator(viewer));

/** Published and not hidden by moderation: what anyone, signed in or not, may read and list. */
export const isPublic = (article: Pick<Article, "status" | "moderationState">): boolean =>
  article.status === ArticleStatus.PUBLISHED && article.moderationState === ModerationState.VISIBLE;

/** Anything but a public article is visible only to its owner, editors and moderators. */
export function canViewArticle(viewer: Viewer | null, article: ArticleFacts): boolean {
  return isPublic(article) || isOwner(viewer, article) || isStaff(viewer);
}

/** NOT_FOUND to whoever may not see it; FORBIDDEN to those who see it but do not own it. */
export function assertOwner(viewer: Viewer | null, article: ArticleFacts): void {
  if (!canViewArticle(viewer, article)) throw notFound("Article");
  if (!isOwner(viewer, article)) throw forbidden("NOT_OWNER", "Only the article's author can do this.");
}

function assertNotRemoved(article: ArticleFacts): void {
  if (article.status === ArticleStatus.REMOVED) throw invalidState("ARTICLE_REMOVED", "This article was removed by moderation and can no longer be changed.");
}

/**
 * The owner edits, except while an editor reviews it, while reports hold it for a moderator, or
 * after moderation removed it. Editing a PUBLISHED article changes public text at once, so it is
 * held to the publishing rule: authors only, and not while muted.
 */
export function assertCanEdit(viewer: Viewer | null, article: ArticleFacts): void {
  assertOwner(viewer, article);
  assertNotRemoved(article);
  if (article.status === ArticleStatus.SUBMITTED) throw invalidState("UNDER_REVIEW", "This article is under editorial review; it can be edited again once the editor has decided.");
  if (article.moderationState !== ModerationState.VISIBLE) {
    throw invalidState("UNDER_MODERATION", "This article is held for a moderator's review of reports; it cannot be changed until they decide.");
  }
  if (article.status === ArticleStatus.PUBLISHED) {
    assertNotMuted(viewer);
    if (!hasRole(viewer!.roles, Role.AUTHOR)) {
      throw new AppError(
        "AUTHOR_REQUIRED",
        "AUTHOR_ROLE_REQUIRED",
        "只有作者可以直接修改已发布的文章。Only authors change published text directly: unpublish it (unpublishArticle), edit, and submit it again (submitArticle).",
        { alternatives: ["unpublishArticle", "submitArticle"] },
      );
    }
  }
}

/** Authors only (AUTHOR, EDITOR or ADMIN, and the owner), not while muted, publish a draft, a rejected or an unpublished article. */
export function assertCanPublish(viewer: Viewer | null, article: ArticleFacts): void {
  assertOwner(viewer, article);
  assertNotMuted(viewer);
  if (!hasRole(viewer!.roles, Role.AUTHOR)) {
    throw new AppError(
      "AUTHOR_REQUIRED",
      "AUTHOR_ROLE_REQUIRED",
      "你还不是作者，不能直接发布。You are not an author yet: submit this article for editorial review with submitArticle (投稿), or apply to become an author with applyForAuthorship.",
      { alternatives: ["submitArticle", "applyForAuthorship"] },
    );
  }
  assertNotRemoved(article);
  if (article.status === ArticleStatus.PUBLISHED) throw invalidState("ALREADY_PUBLISHED", "This article is already published.");
  if (article.status === ArticleStatus.SUBMITTED) throw invalidState("UNDER_REVIEW", "This article is under editorial review; wait for the editor's decision.");
}

/** 投稿: the owner (not while muted) sends a draft, a rejected or an unpublished article to editorial review. */
export function assertCanSubmit(viewer: Viewer | null, article: ArticleFacts): void {
  assertOwner(viewer, article);
  assertNotMuted(viewer);
  assertNotRemoved(article);
  if (article.status === ArticleStatus.SUBMITTED) throw invalidState("ALREADY_SUBMITTED", "This article is already waiting for editorial review.");
  if (article.status === ArticleStatus.PUBLISHED) throw invalidState("ALREADY_PUBLISHED", "This article is already published.");
}

/** An editor decides on a SUBMITTED article, never on their own contribution. */
export function assertCanReviewSubmission(viewer: Viewer | null, article: ArticleFacts): void {
  if (!viewer || !hasRole(viewer.roles, Role.EDITOR)) throw forbidden("ROLE_REQUIRED", "This needs the role EDITOR.");
  if (article.status !== ArticleStatus.SUBMITTED) throw invalidState("NOT_SUBMITTED", `Only a SUBMITTED article can be reviewed; this one is ${article.status}.`);
  if (isOwner(viewer, article)) throw forbidden("CONFLICT_OF_INTEREST", "Editors do not review their own contributions.");
}

/** The owner takes a published article off the site. */
export function assertCanUnpublish(viewer: Viewer | null, article: ArticleFacts): void {
  assertOwner(viewer, article);
  if (article.status !== ArticleStatus.PUBLISHED) throw invalidState("NOT_PUBLISHED", `Only a PUBLISHED article can be unpublished; this one is ${article.status}.`);
}

/** The owner deletes drafts only; anything that was ever submitted or published stays on record. */
export function assertCanDelete(viewer: Viewer | null, article: ArticleFacts): void {
  assertOwner(viewer, article);
  if (article.status !== ArticleStatus.DRAFT) throw invalidState("NOT_A_DRAFT", `Only drafts can be deleted; this article is ${article.status} (unpublish it instead).`);
}

/** Likes go to articles the viewer can read that are public. */
export function assertCanLike(viewer: Viewer | null, article: ArticleFacts): void {
  if (!canViewArticle(viewer, article)) throw notFound("Article");
  if (!isPublic(article)) throw invalidState("NOT_PUBLISHED", "Only published articles can be liked.");
}
