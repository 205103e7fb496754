import type { EntityManager } from "typeorm";
import type { AppContext, ServiceContext } from "../../context";
import { conflict, invalidState, notFound } from "../../errors";
import { inTransaction, isUniqueViolation } from "../../shared/db";
import { WebhookEvent } from "../webhooks/webhook-event";
import { enqueueWebhookEvent } from "../webhooks/webhook.service";
import { decodeIdOf, toGlobalId } from "../../shared/global-id";
import { applyKeyset, pageWindow, toPage, type Page } from "../../shared/pagination";
import { appendModerationLog, ModerationAction } from "../moderation-log/moderation-log.service";
import { notify, NotificationType, type NotificationDraft } from "../notifications/notification.service";
import { isModerator, assertModerator } from "../users/role";
import { requireViewer } from "../users/user.service";
import { Appeal } from "./appeal.entity";
import type { AppealSanctionInput, AppealsArgs, DecideAppealInput } from "./appeal.inputs";
import { assertCanDecideAppeal, assertDecisionShape, assertReducedLevel } from "./appeal.policy";
import { AppealOutcome, AppealStatus, endOf, LEVEL_LABEL, type SanctionLevel, type SanctionStatus } from "./moderation.enums";
import { Sanction } from "./sanction.entity";
import { appealRefusal, sanctionStatus } from "./sanction.policy";
import { rowById } from "../../shared/loaders";

const appealExists = () => conflict("APPEAL_EXISTS", "This sanction has already been appealed; each sanction can be appealed once.");

/** The sanctioned user appeals once, within 30 days of the start (banned users too). */
export async function appealSanction(ctx: ServiceContext, input: AppealSanctionInput): Promise<Appeal> {
  const viewer = requireViewer(ctx);
  const sanctionId = decodeIdOf("Sanction", input.sanctionId, "sanctionId");
  try {
    return await inTransaction(ctx.ds, async (em) => {
      const sanction = await em.getRepository(Sanction).findOneBy({ id: sanctionId });
      if (!sanction || (sanction.userId !== viewer.id && !isModerator(viewer))) throw notFound("Sanction");
      const refusal = appealRefusal(viewer.id, sanction, ctx.now);
      if (refusal) throw refusal;
      if (await em.getRepository(Appeal).existsBy({ sanctionId })) throw appealExists();
      return em.save(
        em.getRepository(Appeal).create({
          sanctionId,
          appellantId: viewer.id,
          statement: input.statement.trim(),
          status: AppealStatus.PENDING,
          reducedLevel: null,
          decisionNote: null,
          decidedById: null,
          decidedAt: null,
          createdAt: ctx.now,
        }),
      );
    });
  } catch (err) {
    // Simultaneous appeals race past the check: UQ_appeals_sanction keeps one.
    if (isUniqueViolation(err)) throw appealExists();
    throw err;
  }
}

const LOG_ACTION: Record<AppealOutcome, ModerationAction> = {
  UPHOLD: ModerationAction.APPEAL_UPHELD,
  OVERTURN: ModerationAction.APPEAL_OVERTURNED,
  REDUCE: ModerationAction.APPEAL_REDUCED,
};
const RESULT: Record<AppealOutcome, AppealStatus> = { UPHOLD: AppealStatus.UPHELD, OVERTURN: AppealStatus.OVERTURNED, REDUCE: AppealStatus.REDUCED };

/**
 * MODERATOR (not the issuer): UPHOLD keeps the sanction, OVERTURN revokes it now, REDUCE lowers
 * its level (end recomputed from the start). Takes effect on the user's next request.
 */
export async function decideAppeal(ctx: ServiceContext, input: DecideAppealInput): Promise<Appeal> {
  const moderator = requireViewer(ctx);
  assertModerator(moderator);
  const appealId = decodeIdOf("Appeal", input.appealId, "appealId");
  assertDecisionShape(input.outcome, input.reducedLevel);
  const note = input.note?.trim() || null;
  const { appeal, draft } = await inTransaction(ctx.ds, async (em) => {
    const appeal = await em.getRepository(Appeal).findOneBy({ id: appealId });
    if (!appeal) throw notFound("Appeal");
    const sanction = await em.getRepository(Sanction).findOneByOrFail({ id: appeal.sanctionId });
    assertCanDecideAppeal(moderator, sanction, appeal, ctx.now);
    if (input.outcome === AppealOutcome.REDUCE) assertReducedLevel(sanction.level, input.reducedLevel!);
    const fromLevel = sanction.level;
    const decided = {
      status: RESULT[input.outcome],
      reducedLevel: input.outcome === AppealOutcome.REDUCE ? input.reducedLevel! : null,
      decisionNote: note,
      decidedById: moderator.id,
      decidedAt: ctx.now,
    };
    // Two moderators deciding at once: the conditional update lets exactly one through.
    const claimed = await em.update(Appeal, { id: appeal.id, status: AppealStatus.PENDING }, decided);
    if (!claimed.affected) throw invalidState("APPEAL_ALREADY_DECIDED", "This appeal has already been decided.");
    Object.assign(appeal, decided);
    await applyOutcome(em, sanction, input.outcome, input.reducedLevel ?? null, { moderatorId: moderator.id, note, now: ctx.now });
    await appendModerationLog(em, ctx.now, {
      actorId: moderator.id,
      action: LOG_ACTION[input.outcome],
      targetId: sanction.globalId,
      reason: note,
      details: { appealId: appeal.globalId, userId: toGlobalId("User", sanction.userId), fromLevel, toLevel: sanction.level },
    });
    await enqueueWebhookEvent(em, ctx.now, WebhookEvent.APPEAL_DECIDED, {
      appeal: { id: appeal.globalId, outcome: input.outcome, status: appeal.status, decidedAt: ctx.now.toISOString() },
      sanction: { id: sanction.globalId, level: sanction.level, fromLevel, endsAt: sanction.endsAt?.toISOString() ?? null },
      user: { id: toGlobalId("User", sanction.userId) },
    });
    return { appeal, draft: decisionNotification(appeal, sanction, input.outcome, ctx.now) };
  });
  await notify(ctx, [draft]);
  return appeal;
}

/** OVERTURN revokes the sanction now; REDUCE lowers its level, its end counted from the original start. */
async function applyOutcome(
  em: EntityManager,
  sanction: Sanction,
  outcome: AppealOutcome,
  reducedLevel: SanctionLevel | null,
  by: { moderatorId: number; note: string | null; now: Date },
): Promise<void> {
  if (outcome === AppealOutcome.OVERTURN) {
    const change = { revokedAt: by.now, revokedVia: "APPEAL" as const, revokedById: by.moderatorId, revocationReason: by.note };
    Object.assign(sanction, change);
    await em.update(Sanction, { id: sanction.id }, change);
  } else if (outcome === AppealOutcome.REDUCE && reducedLevel) {
    const change = { reducedFrom: sanction.reducedFrom ?? sanction.level, level: reducedLevel, endsAt: endOf(reducedLevel, sanction.startsAt), reducedAt: by.now };
    Object.assign(sanction, change);
    await em.update(Sanction, { id: sanction.id }, change);
  }
}

function decisionNotification(appeal: Appeal, sanction: Sanction, outcome: AppealOutcome, now: Date): NotificationDraft {
  const what = {
    UPHOLD: `维持原处罚「${LEVEL_LABEL[sanction.level]}」`,
    OVERTURN: "撤销处罚，限制即时解除",
    REDUCE: `处罚减轻为「${LEVEL_LABEL[sanction.level]}」${sanction.endsAt ? `，至 ${sanction.endsAt.toISOString()} 结束` : ""}`,
  }[outcome];
  return {
    userId: appeal.appellantId,
    type: NotificationType.APPEAL_DECIDED,
    message: `你的申诉已处理：${what}。${appeal.decisionNote ? `说明：${appeal.decisionNote}` : ""}`,
    subjectId: appeal.globalId,
    data: { outcome: appeal.status, sanctionId: sanction.globalId, level: sanction.level, sanctionStatus: sanctionStatus(sanction, now) as SanctionStatus, note: appeal.decisionNote },
  };
}

/** MODERATOR: appeals by status; PENDING is a queue (oldest first), the rest newest first. */
export async function listAppeals(ctx: ServiceContext, args: AppealsArgs): Promise<{ page: Page<Appeal>; count: () => Promise<number> }> {
  const window = pageWindow(args, 1);
  const qb = ctx.ds.getRepository(Appeal).createQueryBuilder("a");
  if (args.status) qb.where("a.status = :status", { status: args.status });
  const count = () => qb.clone().getCount();
  applyKeyset(qb, [{ expr: "a.id", direction: args.status === AppealStatus.PENDING ? "ASC" : "DESC" }], window);
  return { page: toPage(await qb.getMany(), window, (a) => [a.id]), count };
}

/** An appeal visible to the viewer (the appellant or a moderator), else null. */
export async function findVisibleAppeal(ctx: AppContext, id: number): Promise<Appeal | null> {
  const viewer = ctx.viewer;
  if (!viewer) return null;
  const appeal = await ctx.loaders.get(rowById(Appeal)).load(id);
  if (!appeal) return null;
  return appeal.appellantId === viewer.id || isModerator(viewer) ? appeal : null;
}
