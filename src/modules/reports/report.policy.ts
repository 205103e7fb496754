import { badField, badInput, forbidden, invalidState, notFound, type FieldProblem } from "../../errors";
import { ArticleStatus, type Article } from "../articles/article.entity";
import { canViewArticle } from "../articles/article.policy";
import type { Viewer } from "../auth/auth.service";
import { CommentState, type Comment } from "../comments/comment.entity";
import { visibleBody, canViewComment } from "../comments/comment.policy";
import { findRule, ruleBelongsTo } from "../moderation/convention";
import type { ReportCategory } from "../moderation/moderation.enums";
import { isModerator, assertModerator } from "../users/role";
import type { User } from "../users/user.entity";
import { ReportDecision, sanctions } from "./report.enums";

/*
 * Pure rules over loaded facts (no database access), so every branch has a plain unit test.
 */

export const REPORT_DETAILS_MAX = 1000;
export const RESOLUTION_NOTE_MAX = 2000;

const targetNotFound = () => notFound("Report target", "TARGET_NOT_FOUND");

/** The reporter must be able to read what they report; removed content is already decided. */
export function assertReportableArticle(viewer: Viewer, article: Article | null): asserts article is Article {
  if (!article || !canViewArticle(viewer, article)) throw targetNotFound();
  if (article.status === ArticleStatus.REMOVED) throw invalidState("ALREADY_REMOVED", "This article was already removed by moderation.");
  if (article.status !== ArticleStatus.PUBLISHED) throw invalidState("NOT_PUBLISHED", "Only published articles can be reported.");
}

/**
 * A comment is reportable when its article is visible to the reporter and its text is (a deleted
 * comment or a hidden one whose body the reporter cannot read is as good as missing).
 */
export function assertReportableComment(viewer: Viewer, comment: Comment | null, article: Article | null): asserts comment is Comment {
  if (!canViewComment(viewer, comment, article) || visibleBody(viewer, comment) === null) throw targetNotFound();
  if (comment.state === CommentState.REMOVED) throw invalidState("ALREADY_REMOVED", "This comment was already removed by moderation.");
}

/** Any existing account can be reported (its profile is public). */
export function assertReportableUser(user: User | null): asserts user is User {
  if (!user) throw targetNotFound();
}

/** Reporting your own content or yourself makes no sense: BAD_USER_INPUT on `targetId`. */
export function assertNotOwnTarget(viewer: Viewer, ownerId: number): void {
  if (viewer.id === ownerId) throw badField("targetId", "is your own content or account: you cannot report yourself", "CANNOT_REPORT_SELF");
}

/** `ruleCode` (optional) must be a rule of the convention in force that refines `category`. */
export function assertRuleInCategory(category: ReportCategory, ruleCode: string | null): void {
  if (ruleCode === null) return;
  if (!findRule(ruleCode)) throw badField("ruleCode", "is not a rule of the convention", "UNKNOWN_RULE");
  if (!ruleBelongsTo(category, ruleCode)) throw badField("ruleCode", `does not belong to the category ${category}`, "RULE_NOT_IN_CATEGORY");
}

/** Trims the reporter's explanation; at most 1,000 characters (code points, as MySQL counts). */
export function normalizeDetails(raw: string | null | undefined): string | null {
  const details = raw?.trim() || null;
  if (details && [...details].length > REPORT_DETAILS_MAX) throw badField("details", `must be at most ${REPORT_DETAILS_MAX} characters`);
  return details;
}

export interface SanctionShape {
  level?: unknown;
  aggravations?: unknown;
  ruleCode?: string | null;
}

/** SANCTION decisions need `sanction { ruleCode }`; the others must not carry one. */
export function assertDecisionShape(decision: ReportDecision, sanction: SanctionShape | null | undefined, note: string | null): void {
  const problems: FieldProblem[] = [];
  if (sanctions(decision) && !sanction) problems.push({ field: "sanction", message: `is required for ${decision}` });
  if (sanctions(decision) && sanction && !sanction.ruleCode?.trim()) problems.push({ field: "sanction.ruleCode", message: `is required for ${decision}` });
  if (!sanctions(decision) && sanction) problems.push({ field: "sanction", message: `is only for SANCTION and REMOVE_AND_SANCTION` });
  if (note && [...note].length > RESOLUTION_NOTE_MAX) problems.push({ field: "note", message: `must be at most ${RESOLUTION_NOTE_MAX} characters` });
  if (problems.length) throw badInput(problems, sanctions(decision) && !sanction ? "SANCTION_REQUIRED" : "VALIDATION_FAILED");
}

/** A moderator does not judge reports on their own content or account. */
export function assertCanResolve(moderator: Viewer, ownerId: number): void {
  assertModerator(moderator);
  if (moderator.id === ownerId) throw forbidden("CONFLICT_OF_INTEREST", "Reports on your own content or account are decided by another moderator.");
}

/** Who may read a report: its reporter and moderators. */
export const canSeeReport = (viewer: Viewer | null, report: { reporterId: number }): boolean =>
  !!viewer && (viewer.id === report.reporterId || isModerator(viewer));

/** Who reported stays private from the reported party, even when that party is a moderator. */
export const canSeeReporter = (viewer: Viewer | null, report: { reporterId: number; targetOwnerId: number }): boolean =>
  !!viewer && (viewer.id === report.reporterId || (isModerator(viewer) && viewer.id !== report.targetOwnerId));

