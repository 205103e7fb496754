import type { EntityManager } from "typeorm";
import type { ServiceContext } from "../../context";
import { conflict } from "../../errors";
import { inTransaction, isUniqueViolation, lockRowForWrite } from "../../shared/db";
import { decodeGlobalId, toGlobalId } from "../../shared/global-id";
import { Article } from "../articles/article.entity";
import { findArticleForWrite } from "../articles/article.service";
import type { Viewer } from "../auth/auth.service";
import { Comment } from "../comments/comment.entity";
import { appendModerationLog, ModerationAction } from "../moderation-log/moderation-log.service";
import { User } from "../users/user.entity";
import { requireViewer } from "../users/user.service";
import { openKeyOf, Report } from "./report.entity";
import { HIDE_THRESHOLD, REPORTABLE_TYPES, ReportStatus, ReportTargetType } from "./report.enums";
import type { ReportContentInput } from "./report.inputs";
import { assertNotOwnTarget, assertReportableArticle, assertReportableComment, assertReportableUser, assertRuleInCategory, normalizeDetails } from "./report.policy";
import { hideArticlePendingReview } from "../articles/article-moderation";
import { hideCommentPendingReview } from "../comments/comment-moderation";

const duplicate = () => conflict("REPORT_EXISTS", "You already have an open report on this; a moderator will look at it.");

/**
 * Locks the reported article or comment (so reports of one target queue up: the count that hides
 * content is exact) and returns the user accountable for it, after checking the reporter may see it.
 */
export async function lockReportTarget(em: EntityManager, viewer: Viewer, type: ReportTargetType, id: number): Promise<number> {
  switch (type) {
    case ReportTargetType.ARTICLE: {
      const article = await findArticleForWrite(em, id, true);
      assertReportableArticle(viewer, article);
      return article.authorId;
    }
    case ReportTargetType.COMMENT: {
      const comment = await lockRowForWrite(em, Comment, id);
      const article = comment ? await em.getRepository(Article).findOneBy({ id: comment.articleId }) : null;
      assertReportableComment(viewer, comment, article);
      return comment.authorId;
    }
    case ReportTargetType.USER: {
      // Not locked: users are never hidden, so no count needs to be exact, and locking account
      // rows would deadlock two users reporting each other (each insert takes a shared lock on
      // its reporter's row through FK_reports_reporter). UQ_reports_open still holds duplicates.
      const user = await em.getRepository(User).findOneBy({ id });
      assertReportableUser(user);
      return user.id;
    }
  }
}

/** Distinct reporters with an OPEN report on the target (one open report per reporter, so a count of rows). */
export function countOpenReporters(em: EntityManager, type: ReportTargetType, id: number): Promise<number> {
  return em.getRepository(Report).countBy({ targetType: type, targetId: id, status: ReportStatus.OPEN });
}

/**
 * Hides an article or comment pending review once HIDE_THRESHOLD distinct reporters have open
 * reports on it, with a log row whose actor is null (the system acted). Users are never hidden.
 */
async function hideWhenThresholdReached(em: EntityManager, now: Date, type: ReportTargetType, id: number): Promise<boolean> {
  if (type === ReportTargetType.USER) return false;
  const reporters = await countOpenReporters(em, type, id);
  if (reporters < HIDE_THRESHOLD) return false;
  const hidden = type === ReportTargetType.ARTICLE ? await hideArticlePendingReview(em, id) : await hideCommentPendingReview(em, id);
  if (!hidden) return false;
  await appendModerationLog(em, now, {
    actorId: null,
    action: ModerationAction.CONTENT_HIDDEN,
    targetId: toGlobalId(type, id),
    reason: `${reporters} 位用户举报，内容已暂时隐藏，等待版主审核。Hidden pending review after ${reporters} distinct reporters.`,
    details: { reporters, threshold: HIDE_THRESHOLD },
  });
  return true;
}

/**
 * 举报: any signed-in user (muted ones too) reports an article, a comment or a user they can see,
 * never their own. One OPEN report per reporter and target, held by UQ_reports_open. The fifth
 * distinct reporter hides the content pending review in the same transaction.
 */
export async function reportContent(ctx: ServiceContext, input: ReportContentInput): Promise<Report> {
  const viewer = requireViewer(ctx);
  const target = decodeGlobalId(input.targetId, REPORTABLE_TYPES, "targetId");
  const type = target.type as ReportTargetType;
  const ruleCode = input.ruleCode?.trim() || null;
  assertRuleInCategory(input.category, ruleCode);
  const details = normalizeDetails(input.details);
  const openKey = openKeyOf(type, target.id, viewer.id);
  try {
    return await inTransaction(ctx.ds, async (em) => {
      const ownerId = await lockReportTarget(em, viewer, type, target.id);
      assertNotOwnTarget(viewer, ownerId);
      if (await em.getRepository(Report).existsBy({ openKey })) throw duplicate();
      const report = await em.save(
        em.getRepository(Report).create({
          reporterId: viewer.id,
          targetType: type,
          targetId: target.id,
          targetOwnerId: ownerId,
          category: input.category,
          ruleCode,
          details,
          status: ReportStatus.OPEN,
          openKey,
          decision: null,
          resolutionNote: null,
          resolvedById: null,
          resolvedAt: null,
          evidenceId: null,
          createdAt: ctx.now,
        }),
      );
      await hideWhenThresholdReached(em, ctx.now, type, target.id);
      return report;
    });
  } catch (err) {
    // Simultaneous identical reports race past the check: UQ_reports_open keeps one.
    if (isUniqueViolation(err)) throw duplicate();
    throw err;
  }
}
