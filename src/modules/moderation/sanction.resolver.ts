import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from "type-graphql";
import type { AppContext } from "../../context";
import { notFound } from "../../errors";
import { decodeIdOf } from "../../shared/global-id";
import { registerNodeType } from "../../shared/node";
import { Role, isModerator } from "../users/role";
import { User } from "../users/user.entity";
import { userById } from "../users/user.loaders";
import { Appeal } from "./appeal.entity";
import { ConventionRule } from "./convention.entity";
import { ruleByVersionAndCode } from "./convention.service";
import { Aggravation, SanctionLevel, SanctionStatus } from "./moderation.enums";
import { Sanction } from "./sanction.entity";
import { IssueSanctionInput, LiftSanctionInput, SanctionSuggestionArgs } from "./sanction.inputs";
import { appealBySanctionId } from "./sanction.loaders";
import { appealableUntil, appealRefusal, isInForce, sanctionStatus } from "./sanction.policy";
import * as sanctions from "./sanction.service";
import { ApiScope, RequiresScope } from "../api-tokens/api-scope";

registerNodeType("Sanction", (id, ctx) => sanctions.findVisibleSanction(ctx, id));

@ObjectType({ description: "What the ladder suggests for a user now, and why." })
export class SanctionSuggestion {
  @Field(() => SanctionLevel)
  level: SanctionLevel;

  @Field(() => Int, { description: "Sanctions in the last 365 days that were not revoked (lifted or overturned)." })
  priorCount: number;

  @Field(() => [Aggravation], { description: "Aggravations that apply, including those the rule implies." })
  aggravations: Aggravation[];

  @Field({ description: "The reasoning, in Chinese and English." })
  explanation: string;
}

@Resolver(() => Sanction)
export class SanctionResolver {
  @Authorized()
  @RequiresScope(ApiScope.READ_CONTENT) // visibility is per object: the user themself or moderators
  @Query(() => Sanction, { description: "A sanction: visible to the sanctioned user and to moderators; NOT_FOUND otherwise." })
  async sanction(@Arg("id", () => ID) id: string, @Ctx() ctx: AppContext): Promise<Sanction> {
    const found = await sanctions.findVisibleSanction(ctx, decodeIdOf("Sanction", id));
    if (!found) throw notFound("Sanction");
    return found;
  }

  @Authorized(Role.MODERATOR)
  @RequiresScope(ApiScope.READ_MODERATION)
  @Query(() => SanctionSuggestion, { description: "MODERATOR: the ladder's suggestion for this user now (n prior sanctions → index min(n, 4), +2 when aggravated, capped at BAN)." })
  sanctionSuggestion(@Args() args: SanctionSuggestionArgs, @Ctx() ctx: AppContext): Promise<SanctionSuggestion> {
    return sanctions.sanctionSuggestion(ctx, args);
  }

  @Authorized(Role.MODERATOR)
  @RequiresScope(ApiScope.MODERATE)
  @Mutation(() => Sanction, { description: "MODERATOR: sanctions a user under a rule of the convention. Without `level` the ladder decides; below it, `reason` is required." })
  issueSanction(@Arg("input") input: IssueSanctionInput, @Ctx() ctx: AppContext): Promise<Sanction> {
    return sanctions.issueSanction(ctx, input);
  }

  @Authorized(Role.MODERATOR)
  @RequiresScope(ApiScope.MODERATE)
  @Mutation(() => Sanction, { description: "MODERATOR: lifts a sanction in force now (REVOKED; it no longer counts on the ladder)." })
  liftSanction(@Arg("input") input: LiftSanctionInput, @Ctx() ctx: AppContext): Promise<Sanction> {
    return sanctions.liftSanction(ctx, input);
  }

  @FieldResolver(() => User)
  user(@Root() s: Sanction, @Ctx() ctx: AppContext) {
    return ctx.loaders.get(userById).load(s.userId);
  }

  @FieldResolver(() => ConventionRule, { nullable: true, description: "The rule as worded in the convention version that was applied." })
  rule(@Root() s: Sanction, @Ctx() ctx: AppContext) {
    return ctx.loaders.get(ruleByVersionAndCode).load(`${s.conventionVersion}|${s.ruleCode}`);
  }

  @FieldResolver(() => User, { nullable: true, description: "Moderators only; null for the sanctioned user and anyone else." })
  issuedBy(@Root() s: Sanction, @Ctx() ctx: AppContext) {
    if (!isModerator(ctx.viewer) || ctx.viewer!.id === s.userId) return null;
    return ctx.loaders.get(userById).load(s.issuedById);
  }

  @FieldResolver(() => SanctionStatus, { description: "Derived from the dates at the time of the request." })
  status(@Root() s: Sanction, @Ctx() ctx: AppContext): SanctionStatus {
    return sanctionStatus(s, ctx.now);
  }

  @FieldResolver(() => Boolean, { description: "In force now (ACTIVE or REDUCED)." })
  inForce(@Root() s: Sanction, @Ctx() ctx: AppContext): boolean {
    return isInForce(s, ctx.now);
  }

  @FieldResolver(() => Appeal, { nullable: true })
  appeal(@Root() s: Sanction, @Ctx() ctx: AppContext) {
    return ctx.loaders.get(appealBySanctionId).load(s.id);
  }

  @FieldResolver(() => Date, { description: "The last moment an appeal can be filed (30 days after the start)." })
  appealableUntil(@Root() s: Sanction): Date {
    return appealableUntil(s);
  }

  @FieldResolver(() => Boolean, { description: "Whether the viewer can appeal it now: their own, within the window, not revoked, not yet appealed." })
  async canAppeal(@Root() s: Sanction, @Ctx() ctx: AppContext): Promise<boolean> {
    if (!ctx.viewer || appealRefusal(ctx.viewer.id, s, ctx.now)) return false;
    return (await ctx.loaders.get(appealBySanctionId).load(s.id)) === null;
  }
}
