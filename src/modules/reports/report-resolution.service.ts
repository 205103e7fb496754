import { In, type EntityManager } from "typeorm";
import type { ServiceContext } from "../../context";
import { badField, invalidState, notFound } from "../../errors";
import { inTransaction, lockRowForWrite } from "../../shared/db";
import { decodeIdOf, toGlobalId } from "../../shared/global-id";
import { Article, ArticleStatus } from "../articles/article.entity";
import { findArticleForWrite } from "../articles/article.service";
import type { Viewer } from "../auth/auth.service";
import { Comment, CommentState } from "../comments/comment.entity";
import { appendModerationLog, ModerationAction, type LogDraft } from "../moderation-log/moderation-log.service";
import { recordSanction, requireRule } from "../moderation/sanction.service";
import { notify, NotificationType, type NotificationDraft } from "../notifications/notification.service";
import { User } from "../users/user.entity";
import { requireViewer } from "../users/user.service";
import { WebhookEvent } from "../webhooks/webhook-event";
import { enqueueWebhookEvent } from "../webhooks/webhook.service";
import { Report, ReportEvidence } from "./report.entity";
import { removes, ReportDecision, ReportStatus, ReportTargetType, sanctions } from "./report.enums";
import type { ResolveReportInput } from "./report.inputs";
import { assertCanResolve, assertDecisionShape } from "./report.policy";
import { removeArticle, restoreHiddenArticle } from "../articles/article-moderation";
import { removeComment, restoreHiddenComment } from "../comments/comment-moderation";

const alreadyResolved = () => invalidState("REPORT_ALREADY_RESOLVED", "This report has already been decided.");

/** The reported object, locked for the decision; any of them may be null if it is gone. */
interface JudgedTarget {
  type: ReportTargetType;
  id: number;
  article: Article | null;
  comment: Comment | null;
  user: User | null;
  ownerId: number;
}

/**
 * Locks what the decision changes, in the order every writer uses (article, then comment), so a
 * reply being added under the reported comment waits instead of deadlocking.
 */
async function lockTarget(em: EntityManager, report: Report): Promise<JudgedTarget> {
  const base = { type: report.targetType, id: report.targetId, article: null, comment: null, user: null, ownerId: report.targetOwnerId };
  switch (report.targetType) {
    case ReportTargetType.ARTICLE: {
      const article = await findArticleForWrite(em, report.targetId, true);
      return { ...base, article, ownerId: article?.authorId ?? report.targetOwnerId };
    }
    case ReportTargetType.COMMENT: {
      const peek = await em.getRepository(Comment).findOneBy({ id: report.targetId });
      const article = peek ? await findArticleForWrite(em, peek.articleId, true) : null;
      const comment = peek ? await lockRowForWrite(em, Comment, peek.id) : null;
      return { ...base, article, comment, ownerId: comment?.authorId ?? report.targetOwnerId };
    }
    case ReportTargetType.USER: {
      const user = await lockRowForWrite(em, User, report.targetId);
      return { ...base, user, ownerId: user?.id ?? report.targetOwnerId };
    }
  }
}

/** Freezes the target as judged: kept for appeals even if the content is later edited or deleted. */
async function snapshot(em: EntityManager, target: JudgedTarget, now: Date): Promise<ReportEvidence> {
  const owner = target.user ?? (await em.getRepository(User).findOneBy({ id: target.ownerId }));
  const { article, comment, user } = target;
  const facts =
    target.type === ReportTargetType.ARTICLE
      ? { title: article?.title ?? null, body: article?.body ?? null, contentStatus: article ? `${article.status}/${article.moderationState}` : "MISSING" }
      : target.type === ReportTargetType.COMMENT
        ? { title: null, body: comment?.body ?? null, contentStatus: comment?.state ?? "MISSING" }
        : { title: user?.displayName ?? null, body: user?.bio ?? null, contentStatus: user ? "ACCOUNT" : "MISSING" };
  return em.save(
    em.getRepository(ReportEvidence).create({ targetType: target.type, targetId: target.id, authorId: target.ownerId, authorUsername: owner?.username ?? "", ...facts, capturedAt: now }),
  );
}

const KIND: Record<ReportTargetType, string> = { Article: "文章", Comment: "评论", User: "用户" };

/** Takes the content down; a comment that still counted as live leaves Article.commentCount. */
async function removeContent(em: EntityManager, ctx: ServiceContext, target: JudgedTarget): Promise<boolean> {
  if (target.type === ReportTargetType.ARTICLE && target.article && target.article.status !== ArticleStatus.REMOVED) {
    await removeArticle(em, target.id, ctx.now);
    const a = target.article;
    await enqueueWebhookEvent(em, ctx.now, WebhookEvent.ARTICLE_REMOVED, {
      article: { id: a.globalId, title: a.title, removedAt: ctx.now.toISOString(), author: { id: toGlobalId("User", a.authorId) } },
    });
    return true;
  }
  if (target.type === ReportTargetType.COMMENT && target.comment && target.comment.state !== CommentState.REMOVED) {
    await removeComment(em, target.comment, ctx.now);
    return true;
  }
  return false;
}

/** Shows again content that reports had hidden (the moderator found nothing to take down). */
async function restoreContent(em: EntityManager, target: JudgedTarget): Promise<boolean> {
  if (target.type === ReportTargetType.ARTICLE) return restoreHiddenArticle(em, target.id);
  if (target.type === ReportTargetType.COMMENT) return restoreHiddenComment(em, target.id);
  return false;
}

function outcomeMessage(decision: ReportDecision, kind: string, note: string | null): string {
  const text: Record<ReportDecision, string> = {
    DISMISS: `你对该${kind}的举报已处理：经审核未发现违反社区公约，内容予以保留。`,
    REMOVE_CONTENT: `你举报的${kind}经审核违反社区公约，已被删除。感谢你的举报。`,
    SANCTION: `你举报的${kind}经审核违反社区公约，相关账号已被处罚。感谢你的举报。`,
    REMOVE_AND_SANCTION: `你举报的${kind}经审核违反社区公约，内容已删除，相关账号已被处罚。感谢你的举报。`,
  };
  return text[decision] + (note ? `说明：${note}` : "");
}

/**
 * MODERATOR: decides every open report on the target of `reportId` in one transaction: freezes
 * the evidence, removes or restores the content, sanctions its author through recordSanction,
 * writes the log rows and the article.removed webhook. Reporters (each told only of their own
 * report) and the author are notified after commit.
 */
export async function resolveReport(ctx: ServiceContext, input: ResolveReportInput): Promise<Report> {
  const moderator = requireViewer(ctx);
  const reportId = decodeIdOf("Report", input.reportId, "reportId");
  const note = input.note?.trim() || null;
  assertDecisionShape(input.decision, input.sanction, note);
  if (input.sanction) requireRule(input.sanction.ruleCode, "sanction.ruleCode");
  const { report, drafts } = await inTransaction(ctx.ds, (em) => decide(em, ctx, moderator, reportId, input, note));
  await notify(ctx, drafts);
  return report;
}

async function decide(em: EntityManager, ctx: ServiceContext, moderator: Viewer, reportId: number, input: ResolveReportInput, note: string | null) {
  const first = await em.getRepository(Report).findOneBy({ id: reportId });
  if (!first) throw notFound("Report");
  if (first.status !== ReportStatus.OPEN) throw alreadyResolved();
  if (removes(input.decision) && first.targetType === ReportTargetType.USER) {
    throw badField("decision", "a reported user has no content to remove: use SANCTION or DISMISS", "NOTHING_TO_REMOVE");
  }
  const target = await lockTarget(em, first);
  assertCanResolve(moderator, target.ownerId);
  const open = await em.getRepository(Report).find({ where: { targetType: first.targetType, targetId: first.targetId, status: ReportStatus.OPEN }, order: { id: "ASC" } });
  if (!open.some((r) => r.id === first.id)) throw alreadyResolved();
  const ids = open.map((r) => r.id);
  const evidence = await snapshot(em, target, ctx.now);
  const status = input.decision === ReportDecision.DISMISS ? ReportStatus.DISMISSED : ReportStatus.RESOLVED;
  const decided = { status, openKey: null, decision: input.decision, resolutionNote: note, resolvedById: moderator.id, resolvedAt: ctx.now, evidenceId: evidence.id };
  const updated = await em.update(Report, { id: In(ids), status: ReportStatus.OPEN }, decided);
  if (updated.affected !== undefined && updated.affected !== ids.length) throw alreadyResolved();

  const targetGid = toGlobalId(target.type, target.id);
  const reportGids = ids.map((id) => toGlobalId("Report", id));
  const logs: LogDraft[] = [];
  const drafts: NotificationDraft[] = [];
  const kind = KIND[target.type];
  if (removes(input.decision)) {
    if (await removeContent(em, ctx, target)) {
      logs.push({ actorId: moderator.id, action: ModerationAction.CONTENT_REMOVED, targetId: targetGid, reason: note, details: { reportIds: reportGids, evidenceId: evidence.id } });
      drafts.push({
        userId: target.ownerId,
        type: NotificationType.CONTENT_REMOVED,
        message: `你的${kind}${target.article && target.type === ReportTargetType.ARTICLE ? `《${target.article.title}》` : ""}因违反社区公约已被版主删除。${note ? `说明：${note}` : ""}`,
        subjectId: targetGid,
        data: { note, ruleCode: input.sanction?.ruleCode ?? null },
      });
    }
  } else if (await restoreContent(em, target)) {
    logs.push({ actorId: moderator.id, action: ModerationAction.CONTENT_RESTORED, targetId: targetGid, reason: note, details: { reportIds: reportGids } });
  }
  let sanctionId: string | null = null;
  if (sanctions(input.decision)) {
    const s = input.sanction!;
    const recorded = await recordSanction(em, ctx, moderator, { userId: target.ownerId, ruleCode: s.ruleCode, level: s.level, aggravations: s.aggravations, reason: note, reportIds: ids });
    sanctionId = recorded.sanction.globalId;
    drafts.push(...recorded.notifications);
  }
  logs.unshift({
    actorId: moderator.id,
    action: status === ReportStatus.DISMISSED ? ModerationAction.REPORTS_DISMISSED : ModerationAction.REPORTS_RESOLVED,
    targetId: targetGid,
    reason: note,
    details: { decision: input.decision, reportIds: reportGids, reporters: new Set(open.map((r) => r.reporterId)).size, evidenceId: evidence.id, sanctionId },
  });
  await appendModerationLog(em, ctx.now, logs);
  for (const r of open) {
    drafts.push({
      userId: r.reporterId,
      type: NotificationType.REPORT_RESOLVED,
      message: outcomeMessage(input.decision, kind, note),
      subjectId: r.globalId,
      data: { reportId: r.globalId, status, decision: input.decision, note },
    });
  }
  return { report: Object.assign(first, decided), drafts };
}
