import type { GraphQLResolveInfo } from "graphql";
import { Args, Ctx, Field, FieldResolver, Info, ObjectType, Resolver, Root } from "type-graphql";
import type { AppContext } from "../../context";
import { forbidden, unauthenticated } from "../../errors";
import { Connection } from "../../shared/pagination";
import { isModerator } from "../users/role";
import { User } from "../users/user.entity";
import { LEVEL_LABEL } from "./moderation.enums";
import { Sanction } from "./sanction.entity";
import { SanctionsArgs } from "./sanction.inputs";
import { appealableUntil } from "./sanction.policy";
import { listSanctionsOfUser } from "./sanction.service";
import { BAN_ALLOWED_MUTATIONS, MUTE_RESTRICTED_MUTATIONS, type Standing } from "./standing.policy";
import { standingByUser } from "./standing.service";

export const SanctionConnection = Connection(Sanction);

@ObjectType({ description: "What a user may not do now because of sanctions in force (禁言 / 封停), and until when." })
export class AccountStanding {
  @Field({ description: "A mute is in force: addComment, editComment, publishArticle and submitArticle are refused with ACCOUNT_MUTED." })
  muted: boolean;

  @Field(() => Date, { nullable: true, description: "When the mute ends; null when not muted or muted permanently." })
  mutedUntil: Date | null;

  @Field()
  mutedPermanently: boolean;

  @Field({ description: "A ban is in force: every mutation except appealSanction, login and logout is refused with ACCOUNT_BANNED." })
  banned: boolean;

  @Field(() => [Sanction], { description: "Sanctions in force, newest first: each with its rule, endsAt, appealableUntil and canAppeal." })
  activeSanctions: Sanction[];

  standing: Standing;

  static of(standing: Standing): AccountStanding {
    return Object.assign(new AccountStanding(), {
      standing,
      muted: standing.muted,
      mutedUntil: standing.mutedUntil,
      mutedPermanently: standing.mutedPermanently,
      banned: standing.banned,
      activeSanctions: standing.activeSanctions,
    });
  }
}

/** The user themself or a moderator; anyone else is refused. */
function assertSelfOrModerator(ctx: AppContext, user: User): void {
  if (!ctx.viewer) throw unauthenticated();
  if (ctx.viewer.id !== user.id && !isModerator(ctx.viewer)) throw forbidden("NOT_YOUR_ACCOUNT", "Only the user themself and moderators can see this.");
}

@Resolver(() => User)
export class UserStandingResolver {
  @FieldResolver(() => AccountStanding, { nullable: true, description: "Mutes and bans in force. The user themself and moderators only; others get FORBIDDEN." })
  async standing(@Root() user: User, @Ctx() ctx: AppContext): Promise<AccountStanding> {
    assertSelfOrModerator(ctx, user);
    // The viewer's own standing was resolved with the bearer token: the same facts the guards use.
    const standing = ctx.viewer!.id === user.id && ctx.viewer!.standing ? ctx.viewer!.standing : await ctx.loaders.get(standingByUser).load(user.id);
    return AccountStanding.of(standing);
  }

  @FieldResolver(() => SanctionConnection, { nullable: true, description: "The user's sanctions, newest first. The user themself (without who issued them) and moderators only; others get FORBIDDEN." })
  async sanctions(@Root() user: User, @Args() args: SanctionsArgs, @Ctx() ctx: AppContext) {
    assertSelfOrModerator(ctx, user);
    const { page, count } = await listSanctionsOfUser(ctx, user.id, args);
    return SanctionConnection.from(page, count);
  }
}

@Resolver(() => AccountStanding)
export class AccountStandingResolver {
  @FieldResolver(() => [String], { description: "The mutations refused now (when banned: all but appealSanction, login and logout)." })
  restrictedMutations(@Root() s: AccountStanding, @Info() info: GraphQLResolveInfo): string[] {
    if (s.banned) return Object.keys(info.schema.getMutationType()?.getFields() ?? {}).filter((n) => !BAN_ALLOWED_MUTATIONS.includes(n)).sort();
    return s.muted ? [...MUTE_RESTRICTED_MUTATIONS] : [];
  }

  @FieldResolver(() => String, { description: "A plain-language summary in Chinese: what is restricted, until when, under which rule, and the appeal deadline." })
  summary(@Root() s: AccountStanding): string {
    const d = s.standing.decisive;
    if (!d) return "账号状态正常。";
    const what = s.banned ? "账号已封停，仅可查看处罚、申诉和退出登录" : `已被禁言${s.mutedUntil ? `至 ${s.mutedUntil.toISOString()}` : "（永久）"}，不能发表评论或文章`;
    return `${what}。依据：社区公约第 ${d.ruleCode} 条，处罚「${LEVEL_LABEL[d.level]}」。申诉截止：${appealableUntil(d).toISOString()}。`;
  }
}
