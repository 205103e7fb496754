import DataLoader from "dataloader";
import { In } from "typeorm";
import { defineLoader, rowById } from "../../shared/loaders";
import { SanctionReport } from "../moderation/sanction.entity";
import { Report, ReportEvidence } from "./report.entity";

/** Reports by row id (node(id)); visibility is the caller's business. */
export const reportById = rowById(Report);

export const evidenceById = rowById(ReportEvidence);

/** The sanction that answered each report, if any (sanction_reports). */
export const sanctionIdByReportId = defineLoader(
  "sanctionIdByReportId",
  (ctx) =>
    new DataLoader<number, number | null>(async (ids) => {
      const rows = await ctx.ds.getRepository(SanctionReport).find({ where: { reportId: In([...ids]) }, order: { sanctionId: "DESC" } });
      const first = new Map<number, number>();
      for (const r of rows) if (!first.has(r.reportId)) first.set(r.reportId, r.sanctionId);
      return ids.map((id) => first.get(id) ?? null);
    }),
);

/** The evidence frozen when the reports a sanction answers were decided (latest first). */
export const evidenceIdBySanctionId = defineLoader(
  "evidenceIdBySanctionId",
  (ctx) =>
    new DataLoader<number, number | null>(async (ids) => {
      const rows = await ctx.ds
        .getRepository(SanctionReport)
        .createQueryBuilder("sr")
        .innerJoin(Report, "r", "r.id = sr.reportId")
        .select("sr.sanctionId", "sanctionId")
        .addSelect("MAX(r.evidenceId)", "evidenceId")
        .where("sr.sanctionId IN (:...ids)", { ids: [...ids] })
        .andWhere("r.evidenceId IS NOT NULL")
        .groupBy("sr.sanctionId")
        .getRawMany<{ sanctionId: number | string; evidenceId: number | string }>();
      const found = new Map(rows.map((r) => [Number(r.sanctionId), Number(r.evidenceId)]));
      return ids.map((id) => found.get(id) ?? null);
    }),
);
