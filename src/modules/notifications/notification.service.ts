import { In, IsNull } from "typeorm";
import type { ServiceContext } from "../../context";
import { badField } from "../../errors";
import { decodeGlobalId } from "../../shared/global-id";
import { applyKeyset, pageWindow, toPage, type ConnectionArgs, type Page } from "../../shared/pagination";
import { requireViewer } from "../users/user.service";
import { Notification, NotificationType } from "./notification.entity";

export { NotificationType };

export interface NotificationDraft {
  userId: number;
  type: NotificationType;
  message: string;
  subjectId?: string | null;
  data?: Record<string, unknown> | null;
}

/**
 * Writes notifications. Call it after the transaction that caused them has committed: a rolled
 * back action must not notify. A failure here is logged, never undoes the committed action.
 */
export async function notify(ctx: ServiceContext, drafts: NotificationDraft[]): Promise<void> {
  if (drafts.length === 0) return;
  try {
    await ctx.ds.getRepository(Notification).insert(
      drafts.map((d) => ({ userId: d.userId, type: d.type, message: d.message.slice(0, 300), subjectId: d.subjectId ?? null, data: (d.data ?? null) as never, readAt: null, createdAt: ctx.now })),
    );
  } catch (err) {
    ctx.log.error({ err, count: drafts.length }, "failed to write notifications");
  }
}

/** The viewer's notifications, newest first. */
export async function listNotifications(ctx: ServiceContext, args: ConnectionArgs & { unreadOnly?: boolean }): Promise<{ page: Page<Notification>; count: () => Promise<number> }> {
  const viewer = requireViewer(ctx);
  const window = pageWindow(args, 1);
  const qb = ctx.ds.getRepository(Notification).createQueryBuilder("n").where("n.userId = :uid", { uid: viewer.id });
  if (args.unreadOnly) qb.andWhere("n.readAt IS NULL");
  const countQuery = qb.clone(); // before the cursor condition: totalCount is the whole list
  const count = () => countQuery.getCount();
  applyKeyset(qb, [{ expr: "n.id", direction: "DESC" }], window);
  const rows = await qb.getMany();
  return { page: toPage(rows, window, (n) => [n.id]), count };
}

export async function unreadCount(ctx: ServiceContext): Promise<number> {
  const viewer = requireViewer(ctx);
  return ctx.ds.getRepository(Notification).countBy({ userId: viewer.id, readAt: IsNull() });
}

/** Marks the viewer's notifications read (all of them when `ids` is omitted); others' ids are ignored. */
export async function markRead(ctx: ServiceContext, ids: string[] | undefined): Promise<number> {
  const viewer = requireViewer(ctx);
  if (ids && ids.length > 100) throw badField("ids", "lists at most 100 IDs");
  const where = { userId: viewer.id, readAt: IsNull() } as Record<string, unknown>;
  if (ids) where.id = In(ids.map((id, i) => decodeGlobalId(id, "Notification", `ids.${i}`).id));
  const result = await ctx.ds.getRepository(Notification).update(where, { readAt: ctx.now });
  return result.affected ?? 0;
}
