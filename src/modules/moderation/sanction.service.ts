import { In, IsNull, type EntityManager } from "typeorm";
import type { AppContext, ServiceContext } from "../../context";
import { badField, notFound } from "../../errors";
import { inTransaction, lockRowForWrite } from "../../shared/db";
import { WebhookEvent } from "../webhooks/webhook-event";
import { enqueueWebhookEvent } from "../webhooks/webhook.service";
import { decodeGlobalId, decodeIdOf, toGlobalId } from "../../shared/global-id";
import { applyKeyset, pageWindow, toPage, type Page } from "../../shared/pagination";
import { ModerationAction, appendModerationLog } from "../moderation-log/moderation-log.service";
import { notify, NotificationType, type NotificationDraft } from "../notifications/notification.service";
import type { Viewer } from "../auth/auth.service";
import { isModerator } from "../users/role";
import { Report } from "../reports/report.entity";
import { User } from "../users/user.entity";
import { requireViewer } from "../users/user.service";
import { CURRENT_CONVENTION, findRule, type RuleData } from "./convention";
import { Aggravation, AppealStatus, endOf, LEVEL_LABEL, SanctionLevel, SanctionStatus } from "./moderation.enums";
import { Sanction, SanctionReport } from "./sanction.entity";
import type { IssueSanctionInput, LiftSanctionInput, SanctionsArgs, SanctionSuggestionArgs } from "./sanction.inputs";
import {
  appealableUntil,
  assertCanLift,
  assertCanSanction,
  assertLevelJustified,
  effectiveAggravations,
  ladderWindowStart,
  sanctionStatus,
  suggestLevel,
  type LadderSuggestion,
} from "./sanction.policy";
import { Appeal } from "./appeal.entity";
import { sanctionById } from "./sanction.loaders";

/** A rule of the convention in force, or BAD_USER_INPUT on `ruleCode`. */
export function requireRule(code: string, field = "ruleCode"): RuleData {
  const rule = findRule(code);
  if (!rule) throw badField(field, `is not a rule of the convention ${CURRENT_CONVENTION.version}`, "UNKNOWN_RULE");
  return rule;
}

/** The user's sanctions that count on the ladder at `now` (last 365 days, not revoked). */
export function countPriorSanctions(em: EntityManager, userId: number, now: Date): Promise<number> {
  return em
    .getRepository(Sanction)
    .createQueryBuilder("s")
    .where("s.userId = :uid", { uid: userId })
    .andWhere("s.startsAt > :from AND s.startsAt <= :now", { from: ladderWindowStart(now), now })
    .andWhere("(s.revokedAt IS NULL OR s.revokedAt > :now)", { now })
    .getCount();
}

/** MODERATOR: what the ladder suggests for this user now, and why. */
export async function sanctionSuggestion(ctx: ServiceContext, args: SanctionSuggestionArgs): Promise<LadderSuggestion> {
  const userId = decodeIdOf("User", args.userId, "userId");
  const rule = args.ruleCode ? requireRule(args.ruleCode) : undefined;
  if (!(await ctx.ds.getRepository(User).existsBy({ id: userId }))) throw notFound("User");
  const prior = await countPriorSanctions(ctx.ds.manager, userId, ctx.now);
  return suggestLevel(prior, effectiveAggravations(args.aggravations ?? [], rule));
}

export interface SanctionFacts {
  userId: number;
  ruleCode: string;
  level?: SanctionLevel | null;
  aggravations?: Aggravation[] | null;
  reason?: string | null;
  /** Row ids of the reports this sanction answers. */
  reportIds?: number[];
}

export interface RecordedSanction {
  sanction: Sanction;
  suggestion: LadderSuggestion;
  /** Send with `notify(ctx, …)` after the caller's transaction commits. */
  notifications: NotificationDraft[];
}

/**
 * Issues a sanction inside the caller's transaction (issueSanction, and resolveReport in the
 * reports phase): checks who may be sanctioned, applies the ladder, writes the row, its report
 * links and the moderation-log entry. The caller notifies after commit.
 */
export async function recordSanction(em: EntityManager, ctx: ServiceContext, moderator: Viewer, facts: SanctionFacts): Promise<RecordedSanction> {
  const rule = requireRule(facts.ruleCode);
  // The user's row is locked: two sanctions at once must not both count the same prior history.
  const target = await lockRowForWrite(em, User, facts.userId);
  if (!target) throw notFound("User");
  assertCanSanction(moderator, target);
  const aggravations = effectiveAggravations(facts.aggravations ?? [], rule);
  const suggestion = suggestLevel(await countPriorSanctions(em, target.id, ctx.now), aggravations);
  const level = facts.level ?? suggestion.level;
  const reason = facts.reason?.trim() || null;
  assertLevelJustified(level, suggestion.level, reason);
  const sanction = await em.save(
    em.getRepository(Sanction).create({
      userId: target.id,
      level,
      reducedFrom: null,
      ruleCode: rule.code,
      conventionVersion: CURRENT_CONVENTION.version,
      aggravations,
      reason,
      issuedById: moderator.id,
      startsAt: ctx.now,
      endsAt: endOf(level, ctx.now),
      revokedAt: null,
      revokedVia: null,
      revokedById: null,
      revocationReason: null,
      reducedAt: null,
      createdAt: ctx.now,
    }),
  );
  const reportIds = [...new Set(facts.reportIds ?? [])];
  if (reportIds.length) {
    // Reports link evidence the sanctioned user will read: only reports about this user's own content or account.
    const reports = await em.getRepository(Report).find({ where: { id: In(reportIds) }, select: { id: true, targetOwnerId: true } });
    if (reports.length !== reportIds.length) throw notFound("Report");
    if (reports.some((r) => r.targetOwnerId !== target.id)) throw badField("reportIds", "lists a report about someone else's content", "REPORT_NOT_ABOUT_USER");
  }
  if (reportIds.length) await em.insert(SanctionReport, reportIds.map((reportId) => ({ sanctionId: sanction.id, reportId })));
  await appendModerationLog(em, ctx.now, {
    actorId: moderator.id,
    action: ModerationAction.SANCTION_ISSUED,
    targetId: sanction.globalId,
    reason,
    details: {
      userId: target.globalId,
      level,
      suggestedLevel: suggestion.level,
      priorCount: suggestion.priorCount,
      ruleCode: rule.code,
      conventionVersion: CURRENT_CONVENTION.version,
      aggravations,
      reportIds: reportIds.map((id) => toGlobalId("Report", id)),
    },
  });
  await enqueueWebhookEvent(em, ctx.now, WebhookEvent.SANCTION_ISSUED, {
    sanction: { id: sanction.globalId, level, ruleCode: rule.code, conventionVersion: CURRENT_CONVENTION.version, aggravations, startsAt: sanction.startsAt.toISOString(), endsAt: sanction.endsAt?.toISOString() ?? null },
    user: { id: target.globalId, username: target.username },
  });
  return { sanction, suggestion, notifications: [issuedNotification(sanction, rule)] };
}

function issuedNotification(s: Sanction, rule: RuleData): NotificationDraft {
  const until = s.endsAt ? `，至 ${s.endsAt.toISOString()} 结束` : "";
  return {
    userId: s.userId,
    type: NotificationType.SANCTION_ISSUED,
    message: `你因违反社区公约第 ${rule.code} 条「${rule.title}」被处以「${LEVEL_LABEL[s.level]}」${until}。如有异议，可在 ${appealableUntil(s).toISOString()} 前申诉。`,
    subjectId: s.globalId,
    data: { level: s.level, ruleCode: s.ruleCode, endsAt: s.endsAt?.toISOString() ?? null, appealableUntil: appealableUntil(s).toISOString() },
  };
}

/** MODERATOR: sanctions a user under a rule; the ladder decides the level when none is given. */
export async function issueSanction(ctx: ServiceContext, input: IssueSanctionInput): Promise<Sanction> {
  const moderator = requireViewer(ctx);
  const userId = decodeIdOf("User", input.userId, "userId");
  const reportIds = (input.reportIds ?? []).map((id, i) => decodeGlobalId(id, "Report", `reportIds.${i}`).id);
  const recorded = await inTransaction(ctx.ds, (em) =>
    recordSanction(em, ctx, moderator, { userId, ruleCode: input.ruleCode, level: input.level, aggravations: input.aggravations, reason: input.reason, reportIds }),
  );
  await notify(ctx, recorded.notifications);
  return recorded.sanction;
}

/** MODERATOR: lifts a sanction in force now (it becomes REVOKED and stops counting on the ladder). */
export async function liftSanction(ctx: ServiceContext, input: LiftSanctionInput): Promise<Sanction> {
  const moderator = requireViewer(ctx);
  const id = decodeIdOf("Sanction", input.sanctionId, "sanctionId");
  const reason = input.reason.trim();
  if (!reason) throw badField("reason", "must not be blank");
  const { sanction, drafts } = await inTransaction(ctx.ds, async (em) => {
    const sanction = await em.getRepository(Sanction).findOneBy({ id });
    if (!sanction) throw notFound("Sanction");
    assertCanLift(moderator, sanction, ctx.now);
    const changed = await em.update(Sanction, { id, revokedAt: IsNull() }, { revokedAt: ctx.now, revokedVia: "LIFT", revokedById: moderator.id, revocationReason: reason });
    if (!changed.affected) throw notFound("Sanction");
    Object.assign(sanction, { revokedAt: ctx.now, revokedVia: "LIFT", revokedById: moderator.id, revocationReason: reason });
    await appendModerationLog(em, ctx.now, { actorId: moderator.id, action: ModerationAction.SANCTION_LIFTED, targetId: sanction.globalId, reason, details: { userId: toGlobalId("User", sanction.userId), level: sanction.level } });
    const drafts: NotificationDraft[] = [
      {
        userId: sanction.userId,
        type: NotificationType.SANCTION_CHANGED,
        message: `你的处罚「${LEVEL_LABEL[sanction.level]}」（公约第 ${sanction.ruleCode} 条）已被解除。说明：${reason}`,
        subjectId: sanction.globalId,
        data: { change: "LIFTED", status: SanctionStatus.REVOKED, reason },
      },
    ];
    // A pending appeal is moot once the sanction is lifted: it closes as OVERTURNED.
    const moot = await em.update(Appeal, { sanctionId: id, status: AppealStatus.PENDING }, { status: AppealStatus.OVERTURNED, decisionNote: reason, decidedById: moderator.id, decidedAt: ctx.now });
    if (moot.affected) {
      drafts[0].data = { ...drafts[0].data, appeal: AppealStatus.OVERTURNED };
      await appendModerationLog(em, ctx.now, { actorId: moderator.id, action: ModerationAction.APPEAL_OVERTURNED, targetId: sanction.globalId, reason, details: { closedBy: "SANCTION_LIFTED" } });
    }
    return { sanction, drafts };
  });
  await notify(ctx, drafts);
  return sanction;
}

/** A sanction visible to the viewer (the sanctioned user or a moderator), else null. */
export async function findVisibleSanction(ctx: AppContext, id: number): Promise<Sanction | null> {
  const viewer = ctx.viewer;
  if (!viewer) return null;
  const sanction = await ctx.loaders.get(sanctionById).load(id);
  if (!sanction) return null;
  return sanction.userId === viewer.id || isModerator(viewer) ? sanction : null;
}

/** A user's sanctions, newest first, optionally by current status (the caller checks visibility). */
export async function listSanctionsOfUser(ctx: ServiceContext, userId: number, args: SanctionsArgs): Promise<{ page: Page<Sanction>; count: () => Promise<number> }> {
  const window = pageWindow(args, 2);
  const qb = ctx.ds.getRepository(Sanction).createQueryBuilder("s").where("s.userId = :uid", { uid: userId });
  const now = ctx.now;
  switch (args.status) {
    case SanctionStatus.REVOKED:
      qb.andWhere("s.revokedAt <= :now", { now });
      break;
    case SanctionStatus.EXPIRED:
      qb.andWhere("(s.revokedAt IS NULL OR s.revokedAt > :now) AND s.endsAt <= :now", { now });
      break;
    case SanctionStatus.ACTIVE:
    case SanctionStatus.REDUCED:
      qb.andWhere("(s.revokedAt IS NULL OR s.revokedAt > :now) AND (s.endsAt IS NULL OR s.endsAt > :now)", { now });
      qb.andWhere(args.status === SanctionStatus.REDUCED ? "s.reducedFrom IS NOT NULL" : "s.reducedFrom IS NULL");
      break;
    default:
      break;
  }
  const count = () => qb.clone().getCount();
  applyKeyset(qb, [{ expr: "s.startsAt", direction: "DESC", fromCursor: (v) => new Date(v as number) }, { expr: "s.id", direction: "DESC" }], window);
  const rows = await qb.getMany();
  return { page: toPage(rows, window, (s) => [s.startsAt.getTime(), s.id]), count };
}

export { sanctionStatus };
