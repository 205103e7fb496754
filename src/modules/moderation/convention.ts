import conventionJson from "./convention.json";
import { Aggravation, LADDER, ReportCategory, type SanctionLevel } from "./moderation.enums";

/** One rule of the convention, e.g. `2.6 谩骂`. */
export interface RuleData {
  code: string;
  category: ReportCategory;
  title: string;
  /** Implies the MINOR_HARM aggravation. */
  minorHarm: boolean;
  /** Implies the MULTI_ACCOUNT_ABUSE aggravation. */
  multiAccount: boolean;
}

export interface CategoryData {
  category: ReportCategory;
  code: string;
  title: string;
  rules: RuleData[];
}

export interface ConventionData {
  version: string;
  title: string;
  categories: CategoryData[];
  rules: RuleData[];
  ladder: readonly SanctionLevel[];
  ladderText: string;
  aggravations: { aggravation: Aggravation; description: string }[];
  aggravationText: string;
  /** The JSON document as shipped, stored with its version. */
  document: string;
}

interface RawRule {
  code: string;
  title: string;
  minorHarm?: boolean;
  multiAccount?: boolean;
}

/** Parses and checks the convention document (the project's copy of the platform's 社区公约). */
export function parseConvention(raw: typeof conventionJson): ConventionData {
  const categories = raw.categories.map((c): CategoryData => {
    if (!(c.category in ReportCategory)) throw new Error(`convention.json: unknown category ${c.category}`);
    const category = c.category as ReportCategory;
    return {
      category,
      code: c.code,
      title: c.title,
      rules: (c.rules as RawRule[]).map((r) => ({ code: r.code, category, title: r.title, minorHarm: r.minorHarm === true, multiAccount: r.multiAccount === true })),
    };
  });
  const ladder = raw.penalties.ladder as SanctionLevel[];
  if (ladder.join() !== LADDER.join()) throw new Error("convention.json: the ladder differs from SanctionLevel");
  const aggravations = Object.entries(raw.penalties.aggravations).map(([key, description]) => {
    if (!(key in Aggravation)) throw new Error(`convention.json: unknown aggravation ${key}`);
    return { aggravation: key as Aggravation, description };
  });
  return {
    version: raw.version,
    title: raw.title,
    categories,
    rules: categories.flatMap((c) => c.rules),
    ladder,
    ladderText: raw.penalties.text,
    aggravations,
    aggravationText: raw.penalties.aggravationText,
    document: JSON.stringify(raw),
  };
}

/** The convention in force: the copy shipped with the code, loaded into the database at start. */
export const CURRENT_CONVENTION: ConventionData = parseConvention(conventionJson);

const rulesByCode = new Map(CURRENT_CONVENTION.rules.map((r) => [r.code, r]));

/** A rule of the convention in force, or undefined. */
export const findRule = (code: string): RuleData | undefined => rulesByCode.get(code.trim());

/** Whether a rule code refines the category (reports: `ruleCode` must belong to `category`). */
export function ruleBelongsTo(category: ReportCategory, code: string): boolean {
  return findRule(code)?.category === category;
}

/** Aggravations a rule implies by itself: minor harm (1.11, 1.12, 8.1, 9.1) and multi-account abuse (3.3, 8.4). */
export function impliedAggravations(rule: RuleData | undefined): Aggravation[] {
  const implied: Aggravation[] = [];
  if (rule?.minorHarm) implied.push(Aggravation.MINOR_HARM);
  if (rule?.multiAccount) implied.push(Aggravation.MULTI_ACCOUNT_ABUSE);
  return implied;
}
