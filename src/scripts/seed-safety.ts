import type { ServiceContext } from "../context";
import type { Viewer } from "../modules/auth/auth.service";
import { appealSanction } from "../modules/moderation/appeal.service";
import { Appeal } from "../modules/moderation/appeal.entity";
import { SanctionLevel } from "../modules/moderation/moderation.enums";
import { Sanction } from "../modules/moderation/sanction.entity";
import { issueSanction } from "../modules/moderation/sanction.service";
import type { User } from "../modules/users/user.entity";
import type { DemoUsers } from "./seed-users";

const actingAs = (ctx: ServiceContext, user: User): ServiceContext => ({ ...ctx, viewer: { id: user.id, user, roles: user.roles, sessionId: null } satisfies Viewer });

/**
 * Trust-and-safety demo data, through the services (so the ladder, log and notifications apply):
 * 钱七 (qian_qi) muted 7 days by 版主老周 (mod_zhou) under rule 2.6 (谩骂), and his pending appeal,
 * which 版主陈晨 (mod_chen) can decide. Seeding twice changes nothing.
 */
export async function seedSafety(ctx: ServiceContext, users: DemoUsers): Promise<{ sanction: Sanction; appeal: Appeal }> {
  const { moderator, readerQian } = users;
  let sanction = await ctx.ds.getRepository(Sanction).findOneBy({ userId: readerQian.id, ruleCode: "2.6" });
  sanction ??= await issueSanction(actingAs(ctx, moderator), {
    userId: readerQian.globalId,
    ruleCode: "2.6",
    level: SanctionLevel.MUTE_7D,
    reason: "在《分布式事务的那些坑》评论区连续以不文明语言辱骂其他读者，经提醒后仍未停止。",
    aggravations: [],
    reportIds: [],
  });
  const appeal =
    (await ctx.ds.getRepository(Appeal).findOneBy({ sanctionId: sanction.id })) ??
    (await appealSanction(actingAs(ctx, readerQian), {
      sanctionId: sanction.globalId,
      statement: "我承认语气有些冲，但对方先进行了人身攻击，我只是回应。希望能减轻为禁言 1 天，以后会注意措辞。",
    }));
  return { sanction, appeal };
}
