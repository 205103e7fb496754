import { ArrayMaxSize, IsOptional, Length, MaxLength } from "class-validator";
import { ArgsType, Field, ID, InputType } from "type-graphql";
import { ConnectionArgs } from "../../shared/pagination";
import { Aggravation, SanctionLevel, SanctionStatus } from "./moderation.enums";

@InputType()
export class IssueSanctionInput {
  @Field(() => ID)
  userId: string;

  @Field(() => SanctionLevel, { nullable: true, description: "Omit to apply the ladder's suggestion; below it, `reason` is required." })
  level?: SanctionLevel | null;

  @Field({ description: "A rule code of the convention in force, e.g. `2.6`." })
  @Length(1, 10, { message: "must be 1–10 characters long" })
  ruleCode: string;

  @Field(() => [Aggravation], { nullable: true, description: "Aggravations found; rules that harm minors or abuse several accounts add theirs by themselves." })
  @IsOptional()
  @ArrayMaxSize(3, { message: "lists at most 3 aggravations" })
  aggravations?: Aggravation[] | null;

  @Field(() => String, { nullable: true, description: "The moderator's explanation, shown to the user (≤ 2,000 characters)." })
  @IsOptional()
  @MaxLength(2000, { message: "must be at most 2000 characters" })
  reason?: string | null;

  @Field(() => [ID], { nullable: true, description: "Global IDs of the reports this sanction answers (NOT_FOUND when one does not exist)." })
  @IsOptional()
  @ArrayMaxSize(100, { message: "lists at most 100 IDs" })
  reportIds?: string[] | null;
}

@InputType()
export class LiftSanctionInput {
  @Field(() => ID)
  sanctionId: string;

  @Field({ description: "Why it is lifted (1–2,000 characters), shown to the user." })
  @Length(1, 2000, { message: "must be 1–2000 characters long" })
  reason: string;
}

@ArgsType()
export class SanctionSuggestionArgs {
  @Field(() => ID)
  userId: string;

  @Field(() => [Aggravation], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(3, { message: "lists at most 3 aggravations" })
  aggravations?: Aggravation[] | null;

  @Field(() => String, { nullable: true, description: "The rule broken: rules that harm minors or abuse several accounts imply an aggravation." })
  @IsOptional()
  @MaxLength(10, { message: "must be at most 10 characters" })
  ruleCode?: string | null;
}

@ArgsType()
export class SanctionsArgs extends ConnectionArgs {
  @Field(() => SanctionStatus, { nullable: true, description: "Only sanctions with this status now." })
  status?: SanctionStatus | null;
}
