import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { AppContext } from "../../context";
import { notFound } from "../../errors";
import { decodeIdOf } from "../../shared/global-id";
import { registerNodeType } from "../../shared/node";
import { Connection } from "../../shared/pagination";
import { Role, isModerator } from "../users/role";
import { User } from "../users/user.entity";
import { userById } from "../users/user.loaders";
import { Appeal } from "./appeal.entity";
import { AppealSanctionInput, AppealsArgs, DecideAppealInput } from "./appeal.inputs";
import * as appeals from "./appeal.service";
import { Sanction } from "./sanction.entity";
import { sanctionById } from "./sanction.loaders";
import { ApiScope, RequiresScope } from "../api-tokens/api-scope";

export const AppealConnection = Connection(Appeal);

registerNodeType("Appeal", (id, ctx) => appeals.findVisibleAppeal(ctx, id));

@Resolver(() => Appeal)
export class AppealResolver {
  @Authorized()
  @RequiresScope(ApiScope.READ_CONTENT) // visibility is per object: the user themself or moderators
  @Query(() => Appeal, { description: "An appeal: visible to the appellant and to moderators; NOT_FOUND otherwise." })
  async appeal(@Arg("id", () => ID) id: string, @Ctx() ctx: AppContext): Promise<Appeal> {
    const found = await appeals.findVisibleAppeal(ctx, decodeIdOf("Appeal", id));
    if (!found) throw notFound("Appeal");
    return found;
  }

  @Authorized(Role.MODERATOR)
  @RequiresScope(ApiScope.READ_MODERATION)
  @Query(() => AppealConnection, { description: "MODERATOR: appeals, optionally by status; PENDING is a queue, oldest first." })
  async appeals(@Args() args: AppealsArgs, @Ctx() ctx: AppContext) {
    const { page, count } = await appeals.listAppeals(ctx, args);
    return AppealConnection.from(page, count);
  }

  @Authorized()
  @RequiresScope(ApiScope.WRITE_CONTENT)
  @Mutation(() => Appeal, { description: "The sanctioned user appeals (also when banned), within 30 days of the start, once per sanction." })
  appealSanction(@Arg("input") input: AppealSanctionInput, @Ctx() ctx: AppContext): Promise<Appeal> {
    return appeals.appealSanction(ctx, input);
  }

  @Authorized(Role.MODERATOR)
  @RequiresScope(ApiScope.MODERATE)
  @Mutation(() => Appeal, { description: "MODERATOR other than the issuer: UPHOLD, OVERTURN (revoked now) or REDUCE (to a strictly lower level)." })
  decideAppeal(@Arg("input") input: DecideAppealInput, @Ctx() ctx: AppContext): Promise<Appeal> {
    return appeals.decideAppeal(ctx, input);
  }

  @FieldResolver(() => Sanction)
  sanction(@Root() a: Appeal, @Ctx() ctx: AppContext) {
    return ctx.loaders.get(sanctionById).load(a.sanctionId);
  }

  @FieldResolver(() => User)
  appellant(@Root() a: Appeal, @Ctx() ctx: AppContext) {
    return ctx.loaders.get(userById).load(a.appellantId);
  }

  @FieldResolver(() => User, { nullable: true, description: "Moderators only; null for the appellant." })
  decidedBy(@Root() a: Appeal, @Ctx() ctx: AppContext) {
    const viewer = ctx.viewer;
    if (!viewer || a.decidedById === null || viewer.id === a.appellantId || !isModerator(viewer)) return null;
    return ctx.loaders.get(userById).load(a.decidedById);
  }
}
