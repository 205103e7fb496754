import { Arg, Args, ArgsType, Authorized, Ctx, Field, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { AppContext } from "../../context";
import { Connection, ConnectionArgs } from "../../shared/pagination";
import { registerNodeType } from "../../shared/node";
import { Notification } from "./notification.entity";
import * as notifications from "./notification.service";
import { ApiScope, RequiresScope } from "../api-tokens/api-scope";
import { rowById } from "../../shared/loaders";

export const NotificationConnection = Connection(Notification);

@ArgsType()
class NotificationsArgs extends ConnectionArgs {
  @Field({ nullable: true, defaultValue: false })
  unreadOnly?: boolean;
}

registerNodeType("Notification", async (id, ctx) => {
  if (!ctx.viewer) return null;
  const notification = await ctx.loaders.get(rowById(Notification)).load(id);
  return notification?.userId === ctx.viewer.id ? notification : null;
});

@Resolver()
export class NotificationResolver {
  @Authorized()
  @RequiresScope(ApiScope.READ_CONTENT)
  @Query(() => NotificationConnection, { description: "The viewer's notifications, newest first." })
  async notifications(@Args() args: NotificationsArgs, @Ctx() ctx: AppContext) {
    const { page, count } = await notifications.listNotifications(ctx, args);
    return NotificationConnection.from(page, count);
  }

  @Authorized()
  @RequiresScope(ApiScope.READ_CONTENT)
  @Query(() => Int, { description: "How many of the viewer's notifications are unread." })
  unreadNotificationCount(@Ctx() ctx: AppContext): Promise<number> {
    return notifications.unreadCount(ctx);
  }

  @Authorized()
  @RequiresScope(ApiScope.WRITE_CONTENT)
  @Mutation(() => Int, { description: "Marks notifications read (all when `ids` is omitted); returns how many changed." })
  markNotificationsRead(@Arg("ids", () => [ID], { nullable: true }) ids: string[] | undefined, @Ctx() ctx: AppContext): Promise<number> {
    return notifications.markRead(ctx, ids ?? undefined);
  }
}
