import type { ServiceContext } from "../context";
import type { Viewer } from "../modules/auth/auth.service";
import { Comment, CommentState } from "../modules/comments/comment.entity";
import { ReportCategory } from "../modules/moderation/moderation.enums";
import { Report } from "../modules/reports/report.entity";
import { ReportTargetType } from "../modules/reports/report.enums";
import { reportContent } from "../modules/reports/report.service";
import type { User } from "../modules/users/user.entity";
import type { DemoUsers } from "./seed-users";

const actingAs = (ctx: ServiceContext, user: User): ServiceContext => ({ ...ctx, viewer: { id: user.id, user, roles: user.roles, sessionId: null } satisfies Viewer });

/**
 * An open report for the moderators' queue, through the service (so the rules apply): 王五 and
 * 赵六 report a comment by 钱七 (qian_qi) under rule 2.6 (谩骂). Seeding twice adds nothing.
 * Returns the number of reports written.
 */
export async function seedReports(ctx: ServiceContext, users: DemoUsers): Promise<number> {
  const comment = await ctx.ds.getRepository(Comment).findOne({ where: { authorId: users.readerQian.id, state: CommentState.VISIBLE }, order: { id: "DESC" } });
  if (!comment) return 0;
  const reports = [
    { by: users.readerWang, details: "在评论区对其他读者冷嘲热讽，语气很不友善。" },
    { by: users.readerZhao, details: "多次用带侮辱性的词回复别人，影响讨论氛围。" },
  ];
  let written = 0;
  for (const r of reports) {
    const exists = await ctx.ds.getRepository(Report).existsBy({ reporterId: r.by.id, targetType: ReportTargetType.COMMENT, targetId: comment.id });
    if (exists) continue;
    await reportContent(actingAs(ctx, r.by), { targetId: comment.globalId, category: ReportCategory.UNFRIENDLY, ruleCode: "2.6", details: r.details });
    written++;
  }
  return written;
}
