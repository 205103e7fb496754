import type { ServiceContext } from "../../context";
import { badField } from "../../errors";
import { CURRENT_CONVENTION } from "./convention";
import { Appeal } from "./appeal.entity";
import { AppealStatus, LADDER, ReportCategory, type SanctionLevel } from "./moderation.enums";
import { Sanction } from "./sanction.entity";

export interface TransparencyFacts {
  from: Date;
  to: Date;
  conventionVersion: string;
  sanctionsByLevel: { level: SanctionLevel; count: number }[];
  sanctionsRevoked: number;
  appealsReceived: number;
  appealsByOutcome: { outcome: AppealStatus; count: number }[];
  reportsByCategory: { category: ReportCategory; count: number }[] | null;
}

const toCounts = (rows: { k: string; n: string | number }[]) => new Map(rows.map((r) => [r.k, Number(r.n)]));

/**
 * Public counts for [from, to): sanctions by the level first issued (started in the window),
 * appeals received (filed in the window) and decided by outcome (decided in the window), reports
 * by category (filed in the window) once the reports table exists. No personal data.
 */
export async function transparencyReport(ctx: ServiceContext, from: Date, to: Date): Promise<TransparencyFacts> {
  if (!(from < to)) throw badField("to", "must be after `from`", "INVALID_WINDOW");
  const window = { from, to };
  const levels = toCounts(
    await ctx.ds.getRepository(Sanction).createQueryBuilder("s")
      .select("COALESCE(s.reducedFrom, s.level)", "k").addSelect("COUNT(*)", "n")
      .where("s.startsAt >= :from AND s.startsAt < :to", window)
      .groupBy("COALESCE(s.reducedFrom, s.level)").getRawMany(),
  );
  const sanctionsRevoked = await ctx.ds.getRepository(Sanction).createQueryBuilder("s").where("s.revokedAt >= :from AND s.revokedAt < :to", window).getCount();
  const appealsReceived = await ctx.ds.getRepository(Appeal).createQueryBuilder("a").where("a.createdAt >= :from AND a.createdAt < :to", window).getCount();
  const outcomes = toCounts(
    await ctx.ds.getRepository(Appeal).createQueryBuilder("a")
      .select("a.status", "k").addSelect("COUNT(*)", "n")
      .where("a.decidedAt >= :from AND a.decidedAt < :to", window)
      .groupBy("a.status").getRawMany(),
  );
  return {
    from,
    to,
    conventionVersion: CURRENT_CONVENTION.version,
    sanctionsByLevel: LADDER.map((level) => ({ level, count: levels.get(level) ?? 0 })),
    sanctionsRevoked,
    appealsReceived,
    appealsByOutcome: [AppealStatus.UPHELD, AppealStatus.OVERTURNED, AppealStatus.REDUCED].map((outcome) => ({ outcome, count: outcomes.get(outcome) ?? 0 })),
    reportsByCategory: await reportsByCategory(ctx, from, to),
  };
}

/** Counts from the `reports` table (category, createdAt) when the reports module is installed; null before. */
async function reportsByCategory(ctx: ServiceContext, from: Date, to: Date): Promise<TransparencyFacts["reportsByCategory"]> {
  const meta = ctx.ds.entityMetadatas.find((m) => m.tableName === "reports");
  if (!meta || !meta.findColumnWithPropertyName("category") || !meta.findColumnWithPropertyName("createdAt")) return null;
  const counts = toCounts(
    await ctx.ds.createQueryBuilder().from(meta.target, "r")
      .select("r.category", "k").addSelect("COUNT(*)", "n")
      .where("r.createdAt >= :from AND r.createdAt < :to", { from, to })
      .groupBy("r.category").getRawMany(),
  );
  return Object.values(ReportCategory).map((category) => ({ category, count: counts.get(category) ?? 0 }));
}
