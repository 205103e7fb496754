import { ArrayMaxSize, IsOptional, MaxLength } from "class-validator";
import { ArgsType, Field, ID, InputType } from "type-graphql";
import { ConnectionArgs } from "../../shared/pagination";
import { Aggravation, ReportCategory, SanctionLevel } from "../moderation/moderation.enums";
import { ReportDecision, ReportStatus } from "./report.enums";

@InputType()
export class ReportContentInput {
  @Field(() => ID, { description: "Global ID of an Article, a Comment or a User." })
  targetId: string;

  @Field(() => ReportCategory)
  category: ReportCategory;

  @Field(() => String, {
    nullable: true,
    description: "Optional: a rule of the convention that refines `category` (e.g. `2.7` under UNFRIENDLY). Readers may not know the exact rule; the moderator names it when sanctioning.",
  })
  @IsOptional()
  @MaxLength(10, { message: "must be at most 10 characters" })
  ruleCode?: string | null;

  @Field(() => String, { nullable: true, description: "What happened, in the reporter's words (≤ 1,000 characters)." })
  @IsOptional()
  @MaxLength(4000, { message: "must be at most 1000 characters" })
  details?: string | null;
}

@InputType({ description: "The sanction of a SANCTION or REMOVE_AND_SANCTION decision, on the content's author (or the reported user)." })
export class ReportSanctionInput {
  @Field(() => SanctionLevel, { nullable: true, description: "Omit to apply the ladder's suggestion; below it, `note` is the required reason." })
  level?: SanctionLevel | null;

  @Field(() => [Aggravation], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(3, { message: "lists at most 3 aggravations" })
  aggravations?: Aggravation[] | null;

  @Field({ description: "The rule of the convention broken, e.g. `2.6`." })
  @MaxLength(10, { message: "must be at most 10 characters" })
  ruleCode: string;
}

@InputType()
export class ResolveReportInput {
  @Field(() => ID, { description: "Any open report on the target: every open report on the same target is resolved together." })
  reportId: string;

  @Field(() => ReportDecision)
  decision: ReportDecision;

  @Field(() => ReportSanctionInput, { nullable: true, description: "Required for SANCTION and REMOVE_AND_SANCTION." })
  sanction?: ReportSanctionInput | null;

  @Field(() => String, { nullable: true, description: "The decision's explanation (≤ 2,000 characters): shown to the reporters, the author, and as the sanction's reason." })
  @IsOptional()
  @MaxLength(8000, { message: "must be at most 2000 characters" })
  note?: string | null;
}

@ArgsType()
export class ReportQueueArgs extends ConnectionArgs {
  @Field(() => ReportStatus, { defaultValue: ReportStatus.OPEN, description: "Reports in this status (default OPEN)." })
  status: ReportStatus;

  @Field(() => ReportCategory, { nullable: true, description: "Only reports of this category." })
  category?: ReportCategory | null;
}
