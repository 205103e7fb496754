import { Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { AppContext } from "../../context";
import { Connection, ConnectionArgs } from "../../shared/pagination";
import { Role } from "../users/role";
import { User } from "../users/user.entity";
import { userById } from "../users/user.loaders";
import { ModerationLogEntry } from "./moderation-log.entity";
import { listModerationLog } from "./moderation-log.service";
import { ApiScope, RequiresScope } from "../api-tokens/api-scope";

export const ModerationLogConnection = Connection(ModerationLogEntry);

@ArgsType()
class ModerationLogArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: "Only entries about this object." })
  targetId?: string;
}

@Resolver(() => ModerationLogEntry)
export class ModerationLogResolver {
  @Authorized(Role.MODERATOR)
  @RequiresScope(ApiScope.READ_MODERATION)
  @Query(() => ModerationLogConnection, { description: "MODERATOR: the audit log of editorial and moderation acts, newest first." })
  async moderationLog(@Args() args: ModerationLogArgs, @Ctx() ctx: AppContext) {
    const { page, count } = await listModerationLog(ctx, args);
    return ModerationLogConnection.from(page, count);
  }

  @FieldResolver(() => User, { nullable: true, description: "Null when the system acted on its own." })
  actor(@Root() entry: ModerationLogEntry, @Ctx() ctx: AppContext) {
    return entry.actorId === null ? null : ctx.loaders.get(userById).load(entry.actorId);
  }
}
