import { Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { AppContext } from "../../context";
import { Connection, ConnectionArgs } from "../../shared/pagination";
import { toGlobalId } from "../../shared/global-id";
import { registerNodeType } from "../../shared/node";
import { Role, isModerator } from "../users/role";
import { User } from "../users/user.entity";
import { userById } from "../users/user.loaders";
import { ModerationLogEntry } from "./moderation-log.entity";
import { listModerationLog } from "./moderation-log.service";
import { ApiScope, RequiresScope } from "../api-tokens/api-scope";
import { rowById } from "../../shared/loaders";

export const ModerationLogConnection = Connection(ModerationLogEntry);

/** Entries name the user concerned in `details.userId` (sanctions, appeals) or target them directly. */
function isAboutViewer(entry: ModerationLogEntry, ctx: AppContext): boolean {
  if (!ctx.viewer) return false;
  const me = toGlobalId("User", ctx.viewer.id);
  return entry.targetId === me || entry.details?.userId === me || entry.details?.authorId === me;
}

registerNodeType("ModerationLogEntry", async (id, ctx) =>
  isModerator(ctx.viewer) ? ctx.loaders.get(rowById(ModerationLogEntry)).load(id) : null,
);

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

  @FieldResolver(() => User, {
    nullable: true,
    description: "Null when the system acted on its own, and for entries about the viewer themself (a sanctioned moderator never learns who acted).",
  })
  actor(@Root() entry: ModerationLogEntry, @Ctx() ctx: AppContext) {
    if (entry.actorId === null || isAboutViewer(entry, ctx)) return null;
    return ctx.loaders.get(userById).load(entry.actorId);
  }
}
