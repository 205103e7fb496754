import { IsOptional, Length, MaxLength } from "class-validator";
import { ArgsType, Field, ID, InputType } from "type-graphql";
import { ConnectionArgs } from "../../shared/pagination";
import { AppealOutcome, AppealStatus, SanctionLevel } from "./moderation.enums";

@InputType()
export class AppealSanctionInput {
  @Field(() => ID)
  sanctionId: string;

  @Field({ description: "Why the sanction should be reconsidered (10–2,000 characters)." })
  @Length(10, 2000, { message: "must be 10–2000 characters long" })
  statement: string;
}

@InputType()
export class DecideAppealInput {
  @Field(() => ID)
  appealId: string;

  @Field(() => AppealOutcome)
  outcome: AppealOutcome;

  @Field(() => SanctionLevel, { nullable: true, description: "REDUCE only: the new level, strictly below the current one." })
  reducedLevel?: SanctionLevel | null;

  @Field(() => String, { nullable: true, description: "The decision's explanation, sent to the appellant (≤ 2,000 characters)." })
  @IsOptional()
  @MaxLength(2000, { message: "must be at most 2000 characters" })
  note?: string | null;
}

@ArgsType()
export class AppealsArgs extends ConnectionArgs {
  @Field(() => AppealStatus, { nullable: true, description: "PENDING lists oldest first (a queue); other statuses and all appeals list newest first." })
  status?: AppealStatus | null;
}
