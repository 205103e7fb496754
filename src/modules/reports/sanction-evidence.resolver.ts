import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { AppContext } from "../../context";
import { Sanction } from "../moderation/sanction.entity";
import { ReportEvidence } from "./report.entity";
import { evidenceById, evidenceIdBySanctionId } from "./report.loaders";
import { canSeeReport } from "./report.policy";

/** `Sanction.evidence`: lives with reports so the sanctions module does not depend on them. */
@Resolver(() => Sanction)
export class SanctionEvidenceResolver {
  @FieldResolver(() => ReportEvidence, {
    nullable: true,
    description: "For a sanction issued on reports: the content as it was judged (frozen at the decision), for the appeal. The sanctioned user and moderators only.",
  })
  async evidence(@Root() s: Sanction, @Ctx() ctx: AppContext): Promise<ReportEvidence | null> {
    if (!canSeeReport(ctx.viewer, { reporterId: s.userId })) return null;
    const id = await ctx.loaders.get(evidenceIdBySanctionId).load(s.id);
    return id === null ? null : ctx.loaders.get(evidenceById).load(id);
  }
}
