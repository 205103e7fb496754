import { Args, Authorized, Ctx, Field, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root } from "type-graphql";
import type { AppContext } from "../../context";
import { toGlobalId } from "../../shared/global-id";
import { Connection } from "../../shared/pagination";
import { ApiScope, RequiresScope } from "../api-tokens/api-scope";
import { ReportCategory } from "../moderation/moderation.enums";
import { Role } from "../users/role";
import { User } from "../users/user.entity";
import { userById } from "../users/user.loaders";
import { Report } from "./report.entity";
import { ReportStatus, ReportTargetType } from "./report.enums";
import { ReportQueueArgs } from "./report.inputs";
import { listReportQueue, type ReportGroup } from "./report-queue.service";
import { loadVisibleTarget, ReportTarget } from "./report-target";
import { canSeeReporter } from "./report.policy";

@ObjectType({ description: "The reports of one target in the queue." })
export class ReportQueueEntry implements Omit<ReportGroup, "targetId"> {
  targetType: ReportTargetType;
  rowTargetId: number;

  @Field(() => ID, { description: "Global ID of the reported Article, Comment or User." })
  get targetId(): string {
    return toGlobalId(this.targetType, this.rowTargetId);
  }

  @Field(() => ReportStatus)
  status: ReportStatus;

  @Field(() => Int, { name: "count", description: "Distinct reporters." })
  reporterCount: number;

  @Field(() => Int, { description: "Reports (a reporter may have reported again after an earlier decision)." })
  reportCount: number;

  @Field({ description: "The oldest report of the entry." })
  firstReportedAt: Date;

  @Field()
  lastReportedAt: Date;

  @Field(() => [Report], { description: "Oldest first." })
  reports: Report[];

  static of(g: ReportGroup): ReportQueueEntry {
    const { targetId, ...rest } = g;
    return Object.assign(new ReportQueueEntry(), { ...rest, rowTargetId: targetId });
  }
}

export const ReportQueueEntryConnection = Connection(ReportQueueEntry);

@Resolver(() => ReportQueueEntry)
export class ReportQueueResolver {
  @Authorized(Role.MODERATOR)
  @RequiresScope(ApiScope.READ_MODERATION)
  @Query(() => ReportQueueEntryConnection, { description: "MODERATOR: reports grouped by target, most distinct reporters first, then the oldest report. Keyset-paginated." })
  async reportQueue(@Args() args: ReportQueueArgs, @Ctx() ctx: AppContext) {
    const { page, count } = await listReportQueue(ctx, args);
    return ReportQueueEntryConnection.from({ ...page, nodes: page.nodes.map(ReportQueueEntry.of), cursorOf: (e) => page.cursorOf(groupOf(e)) }, count);
  }

  @FieldResolver(() => ReportTargetType)
  targetType(@Root() e: ReportQueueEntry): ReportTargetType {
    return e.targetType;
  }

  @FieldResolver(() => ReportTarget, { nullable: true, description: "The target and its current content (null only if it no longer exists)." })
  target(@Root() e: ReportQueueEntry, @Ctx() ctx: AppContext) {
    return loadVisibleTarget(ctx, e.targetType, e.rowTargetId);
  }

  @FieldResolver(() => [User], { description: "Who reported (moderators only see this queue); empty for the moderator who is the reported party." })
  async reporters(@Root() e: ReportQueueEntry, @Ctx() ctx: AppContext): Promise<User[]> {
    const ids = [...new Set(e.reports.filter((r) => canSeeReporter(ctx.viewer, r)).map((r) => r.reporterId))];
    return (await ctx.loaders.get(userById).loadMany(ids)).filter((u): u is User => u instanceof Object && !(u instanceof Error) && u !== null);
  }

  @FieldResolver(() => [ReportCategory], { description: "Categories named by the reports, most frequent first." })
  categories(@Root() e: ReportQueueEntry): ReportCategory[] {
    const counts = new Map<ReportCategory, number>();
    for (const r of e.reports) counts.set(r.category, (counts.get(r.category) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([c]) => c);
  }
}

const groupOf = (e: ReportQueueEntry): ReportGroup => ({
  targetType: e.targetType,
  targetId: e.rowTargetId,
  status: e.status,
  reporterCount: e.reporterCount,
  reportCount: e.reportCount,
  firstReportedAt: e.firstReportedAt,
  lastReportedAt: e.lastReportedAt,
  reports: e.reports,
});
