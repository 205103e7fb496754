import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import type { AppContext } from "../../context";
import { registerNodeType } from "../../shared/node";
import { Connection, ConnectionArgs } from "../../shared/pagination";
import { ApiScope, RequiresScope } from "../api-tokens/api-scope";
import { Sanction } from "../moderation/sanction.entity";
import { sanctionById } from "../moderation/sanction.loaders";
import { Role } from "../users/role";
import { User } from "../users/user.entity";
import { userById } from "../users/user.loaders";
import { Report, ReportEvidence } from "./report.entity";
import { ReportContentInput, ResolveReportInput } from "./report.inputs";
import { evidenceById, reportById, sanctionIdByReportId } from "./report.loaders";
import { canSeeReport, canSeeReporter } from "./report.policy";
import { isModerator } from "../users/role";
import { listMyReports } from "./report-queue.service";
import { resolveReport } from "./report-resolution.service";
import { reportContent } from "./report.service";
import { loadVisibleTarget, ReportTarget } from "./report-target";

export const ReportConnection = Connection(Report);

/** node(id): a report is visible to its reporter and to moderators. */
registerNodeType("Report", async (id, ctx) => {
  const report = await ctx.loaders.get(reportById).load(id);
  return report && canSeeReport(ctx.viewer, report) ? report : null;
});

@Resolver(() => Report)
export class ReportResolver {
  @Authorized()
  @RequiresScope(ApiScope.WRITE_CONTENT)
  @Mutation(() => Report, {
    description: "举报: reports an Article, Comment or User under a category of the convention. One open report per reporter and target (CONFLICT); never yourself (BAD_USER_INPUT). Muted users can report.",
  })
  reportContent(@Arg("input") input: ReportContentInput, @Ctx() ctx: AppContext): Promise<Report> {
    return reportContent(ctx, input);
  }

  @Authorized(Role.MODERATOR)
  @RequiresScope(ApiScope.MODERATE)
  @Mutation(() => Report, {
    description: "MODERATOR: decides every open report on the same target in one transaction (evidence frozen, content removed or restored, sanction, notifications). Returns the given report.",
  })
  resolveReport(@Arg("input") input: ResolveReportInput, @Ctx() ctx: AppContext): Promise<Report> {
    return resolveReport(ctx, input);
  }

  @Authorized()
  @RequiresScope(ApiScope.READ_CONTENT)
  @Query(() => ReportConnection, { description: "The viewer's own reports, newest first, with their outcome. Never shows who else reported." })
  async myReports(@Args() args: ConnectionArgs, @Ctx() ctx: AppContext) {
    const { page, count } = await listMyReports(ctx, args);
    return ReportConnection.from(page, count);
  }

  @FieldResolver(() => ReportTarget, { nullable: true, description: "The reported object as it is now; null when the viewer may no longer see it (e.g. removed)." })
  target(@Root() r: Report, @Ctx() ctx: AppContext) {
    return loadVisibleTarget(ctx, r.targetType, r.targetId);
  }

  @FieldResolver(() => User, { nullable: true, description: "Who reported: the reporter themself and moderators only (never the reported party)." })
  reporter(@Root() r: Report, @Ctx() ctx: AppContext) {
    return canSeeReporter(ctx.viewer, r) ? ctx.loaders.get(userById).load(r.reporterId) : null;
  }

  @FieldResolver(() => User, { nullable: true, description: "Moderators only." })
  resolvedBy(@Root() r: Report, @Ctx() ctx: AppContext) {
    return isModerator(ctx.viewer) && r.resolvedById !== null ? ctx.loaders.get(userById).load(r.resolvedById) : null;
  }

  @FieldResolver(() => ReportEvidence, { nullable: true, description: "Moderators only: the target as it was when the decision was made." })
  evidence(@Root() r: Report, @Ctx() ctx: AppContext) {
    return isModerator(ctx.viewer) && r.evidenceId !== null ? ctx.loaders.get(evidenceById).load(r.evidenceId) : null;
  }

  @FieldResolver(() => Sanction, { nullable: true, description: "Moderators only: the sanction that answered this report." })
  async sanction(@Root() r: Report, @Ctx() ctx: AppContext) {
    if (!isModerator(ctx.viewer)) return null;
    const id = await ctx.loaders.get(sanctionIdByReportId).load(r.id);
    return id === null ? null : ctx.loaders.get(sanctionById).load(id);
  }
}
