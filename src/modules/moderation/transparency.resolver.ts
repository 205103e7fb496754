import { Arg, Ctx, Field, Int, ObjectType, Query, Resolver } from "type-graphql";
import type { AppContext } from "../../context";
import { AppealStatus, ReportCategory, SanctionLevel } from "./moderation.enums";
import { transparencyReport } from "./transparency.service";
import { ApiScope, RequiresScope } from "../api-tokens/api-scope";

@ObjectType()
export class SanctionLevelCount {
  @Field(() => SanctionLevel)
  level: SanctionLevel;

  @Field(() => Int)
  count: number;
}

@ObjectType()
export class AppealOutcomeCount {
  @Field(() => AppealStatus, { description: "UPHELD, OVERTURNED or REDUCED." })
  outcome: AppealStatus;

  @Field(() => Int)
  count: number;
}

@ObjectType()
export class ReportCategoryCount {
  @Field(() => ReportCategory)
  category: ReportCategory;

  @Field(() => Int)
  count: number;
}

@ObjectType({ description: "Public counts for a time window [from, to). No personal data." })
export class TransparencyReport {
  @Field()
  from: Date;

  @Field()
  to: Date;

  @Field({ description: "The convention version in force now." })
  conventionVersion: string;

  @Field(() => [SanctionLevelCount], { description: "Sanctions that started in the window, by the level first issued (every level listed)." })
  sanctionsByLevel: SanctionLevelCount[];

  @Field(() => Int, { description: "Sanctions lifted or overturned in the window." })
  sanctionsRevoked: number;

  @Field(() => Int, { description: "Appeals filed in the window." })
  appealsReceived: number;

  @Field(() => [AppealOutcomeCount], { description: "Appeals decided in the window, by outcome." })
  appealsByOutcome: AppealOutcomeCount[];

  @Field(() => [ReportCategoryCount], { nullable: true, description: "Reports filed in the window, by category (every category listed); null until the reports module is installed." })
  reportsByCategory: ReportCategoryCount[] | null;
}

@Resolver()
export class TransparencyResolver {
  @RequiresScope(ApiScope.READ_CONTENT)
  @Query(() => TransparencyReport, { description: "Public transparency counts for [from, to): sanctions by level, appeals by outcome, reports by category." })
  transparencyReport(@Arg("from") from: Date, @Arg("to") to: Date, @Ctx() ctx: AppContext) {
    return transparencyReport(ctx, from, to);
  }
}
