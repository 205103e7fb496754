import type { ServiceContext } from "../../context";
import { badField, conflict, notFound } from "../../errors";
import { inTransaction, isUniqueViolation } from "../../shared/db";
import { decodeIdOf, toGlobalId } from "../../shared/global-id";
import { applyKeyset, pageWindow, toPage, type ConnectionArgs } from "../../shared/pagination";
import { ModerationAction } from "../moderation-log/moderation-log.entity";
import { appendModerationLog } from "../moderation-log/moderation-log.service";
import { notify, NotificationType } from "../notifications/notification.service";
import { Role } from "../users/role";
import { grantRole, requireViewer } from "../users/user.service";
import { AuthorApplication, AuthorApplicationStatus } from "./author-application.entity";
import type { ApplyForAuthorshipInput, ReviewAuthorApplicationInput } from "./author-application.inputs";
import { assertCanApply, assertCanReviewApplication } from "./author-application.policy";

const latestOf = (ctx: ServiceContext, userId: number) =>
  ctx.ds.getRepository(AuthorApplication).findOne({ where: { userId }, order: { id: "DESC" } });

/** The viewer's most recent application, or null. */
export function myLatestApplication(ctx: ServiceContext): Promise<AuthorApplication | null> {
  return latestOf(ctx, requireViewer(ctx).id);
}

/**
 * 申请成为作者: one PENDING application per user, held by the unique `pendingKey` index (a race
 * past the check becomes CONFLICT); 30 days must pass after a rejection.
 */
export async function applyForAuthorship(ctx: ServiceContext, input: ApplyForAuthorshipInput): Promise<AuthorApplication> {
  const viewer = requireViewer(ctx);
  const penName = input.penName.trim();
  if (!penName) throw badField("penName", "must not be blank");
  try {
    return await inTransaction(ctx.ds, async (em) => {
      const latest = await em.getRepository(AuthorApplication).findOne({ where: { userId: viewer.id }, order: { id: "DESC" } });
      assertCanApply(viewer, latest, ctx.now);
      return em.save(
        Object.assign(new AuthorApplication(), {
          userId: viewer.id,
          pendingKey: viewer.id,
          penName,
          bio: input.bio.trim(),
          motivation: input.motivation.trim(),
          sampleUrls: [...new Set(input.sampleUrls ?? [])],
          status: AuthorApplicationStatus.PENDING,
          reviewNote: null,
          reviewedById: null,
          reviewedAt: null,
          createdAt: ctx.now,
          updatedAt: ctx.now,
        }),
      );
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict("APPLICATION_PENDING", "You already have an author application waiting for review.");
    throw err;
  }
}

/**
 * EDITOR: approve grants AUTHOR (the pen name becomes the author's byline); reject needs a note.
 * The decision, the role and the audit row commit together; the applicant is notified after.
 */
export async function reviewAuthorApplication(ctx: ServiceContext, input: ReviewAuthorApplicationInput): Promise<AuthorApplication> {
  const editor = requireViewer(ctx);
  const id = decodeIdOf("AuthorApplication", input.applicationId, "applicationId");
  const note = input.note?.trim() || null;
  if (!input.approve && !note) throw badField("note", "is required when rejecting an application", "NOTE_REQUIRED");
  const targetId = toGlobalId("AuthorApplication", id);
  const application = await inTransaction(ctx.ds, async (em) => {
    const repo = em.getRepository(AuthorApplication);
    const current = await repo.findOneBy({ id });
    if (!current) throw notFound("AuthorApplication");
    assertCanReviewApplication(editor, current);
    const patch = {
      status: input.approve ? AuthorApplicationStatus.APPROVED : AuthorApplicationStatus.REJECTED,
      pendingKey: null,
      reviewNote: note,
      reviewedById: editor.id,
      reviewedAt: ctx.now,
      updatedAt: ctx.now,
    };
    // Guarded by status: of two editors deciding at once, the second sees ALREADY_REVIEWED.
    const result = await repo.update({ id, status: AuthorApplicationStatus.PENDING }, patch);
    if (result.affected === 0) assertCanReviewApplication(editor, (await repo.findOneBy({ id }))!);
    if (input.approve) await grantRole(em, current.userId, Role.AUTHOR, ctx.now);
    await appendModerationLog(em, ctx.now, {
      actorId: editor.id,
      action: input.approve ? ModerationAction.AUTHOR_APPLICATION_APPROVED : ModerationAction.AUTHOR_APPLICATION_REJECTED,
      targetId,
      reason: note,
      details: { applicantId: toGlobalId("User", current.userId), penName: current.penName },
    });
    return Object.assign(current, patch);
  });
  await notify(ctx, [
    input.approve
      ? { userId: application.userId, type: NotificationType.AUTHOR_APPLICATION_APPROVED, message: `恭喜！你的作者申请已通过，笔名「${application.penName}」。现在可以直接发布文章了。`, subjectId: targetId, data: { note } }
      : { userId: application.userId, type: NotificationType.AUTHOR_APPLICATION_REJECTED, message: `你的作者申请未通过：${note}`, subjectId: targetId, data: { note } },
  ]);
  return application;
}

/** EDITOR: applications, optionally of one status, oldest first (the review queue order). */
export async function listAuthorApplications(ctx: ServiceContext, args: ConnectionArgs & { status?: AuthorApplicationStatus | null }) {
  const window = pageWindow(args, 1);
  const qb = ctx.ds.getRepository(AuthorApplication).createQueryBuilder("a");
  if (args.status) qb.where("a.status = :status", { status: args.status });
  const count = () => qb.clone().getCount();
  applyKeyset(qb, [{ expr: "a.id", direction: "ASC" }], window);
  return { page: toPage(await qb.getMany(), window, (a) => [a.id]), count };
}
