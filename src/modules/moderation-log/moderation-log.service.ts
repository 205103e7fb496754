import type { EntityManager } from "typeorm";
import type { ServiceContext } from "../../context";
import { decodeGlobalId, toGlobalId } from "../../shared/global-id";
import { applyKeyset, pageWindow, toPage, type ConnectionArgs } from "../../shared/pagination";
import { ModerationAction, ModerationLogEntry } from "./moderation-log.entity";

export { ModerationAction };

export interface LogDraft {
  actorId: number | null;
  action: ModerationAction;
  targetId: string;
  reason?: string | null;
  details?: Record<string, unknown> | null;
}

/** Appends audit rows inside the caller's transaction, so an act and its record commit together. */
export async function appendModerationLog(em: EntityManager, now: Date, drafts: LogDraft | LogDraft[]): Promise<void> {
  const list = Array.isArray(drafts) ? drafts : [drafts];
  if (list.length === 0) return;
  await em.insert(
    ModerationLogEntry,
    list.map((d) => ({ actorId: d.actorId, action: d.action, targetId: d.targetId, reason: d.reason ?? null, details: (d.details ?? null) as never, createdAt: now })),
  );
}

/** The log, newest first, optionally for one target. */
export async function listModerationLog(ctx: ServiceContext, args: ConnectionArgs & { targetId?: string }) {
  const window = pageWindow(args, 1);
  const qb = ctx.ds.getRepository(ModerationLogEntry).createQueryBuilder("m");
  if (args.targetId) {
    // Compare the canonical spelling of the decoded ID.
    const target = decodeGlobalId(args.targetId, undefined, "targetId");
    qb.where("m.targetId = :t", { t: toGlobalId(target.type, target.id) });
  }
  const countQuery = qb.clone(); // before the cursor condition: totalCount is the whole list
  const count = () => countQuery.getCount();
  applyKeyset(qb, [{ expr: "m.id", direction: "DESC" }], window);
  return { page: toPage(await qb.getMany(), window, (m) => [m.id]), count };
}
