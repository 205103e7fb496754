import { Field, ObjectType, Query, Resolver } from "type-graphql";
import { CURRENT_CONVENTION } from "./convention";
import { ConventionRule } from "./convention.entity";
import { Aggravation, ReportCategory, SanctionLevel } from "./moderation.enums";
import { ApiScope, RequiresScope } from "../api-tokens/api-scope";

@ObjectType({ description: "A category of the convention with its rules." })
export class ConventionCategory {
  @Field(() => ReportCategory)
  category: ReportCategory;

  @Field({ description: "The convention's own numbering, e.g. `2` or `C`." })
  code: string;

  @Field()
  title: string;

  @Field(() => [ConventionRule])
  rules: ConventionRule[];
}

@ObjectType()
export class ConventionAggravation {
  @Field(() => Aggravation)
  aggravation: Aggravation;

  @Field()
  description: string;
}

@ObjectType({ description: "The community convention (社区公约) in force, as data." })
export class Convention {
  @Field()
  version: string;

  @Field()
  title: string;

  @Field(() => [ConventionRule], { description: "Every rule, in the convention's order." })
  rules: ConventionRule[];

  @Field(() => [ConventionCategory])
  categories: ConventionCategory[];

  @Field(() => [SanctionLevel], { description: "The sanction ladder, lightest first." })
  ladder: SanctionLevel[];

  @Field()
  ladderText: string;

  @Field(() => [ConventionAggravation])
  aggravations: ConventionAggravation[];

  @Field()
  aggravationText: string;
}

const asRule = (version: string) => (r: Omit<ConventionRule, "version">): ConventionRule => Object.assign(new ConventionRule(), { ...r, version });

const CONVENTION_VIEW: Convention = (() => {
  const c = CURRENT_CONVENTION;
  const categories = c.categories.map((cat) => ({ category: cat.category, code: cat.code, title: cat.title, rules: cat.rules.map(asRule(c.version)) }));
  return {
    version: c.version,
    title: c.title,
    rules: categories.flatMap((cat) => cat.rules),
    categories,
    ladder: [...c.ladder],
    ladderText: c.ladderText,
    aggravations: c.aggravations,
    aggravationText: c.aggravationText,
  };
})();

@Resolver()
export class ConventionResolver {
  @RequiresScope(ApiScope.READ_CONTENT)
  @Query(() => Convention, { description: "The community convention in force: categories, rule codes, the sanction ladder and aggravations." })
  convention(): Convention {
    return CONVENTION_VIEW;
  }
}
