import { Brackets, type SelectQueryBuilder } from "typeorm";
import type { ServiceContext } from "../../context";
import { badField } from "../../errors";
import { applyKeyset, pageWindow, toPage, type ConnectionArgs, type Page } from "../../shared/pagination";
import { requireViewer } from "../users/user.service";
import { Report } from "./report.entity";
import { ReportStatus, type ReportTargetType } from "./report.enums";
import type { ReportQueueArgs } from "./report.inputs";

/** One entry of the queue: the reports of one target in the requested status. */
export interface ReportGroup {
  targetType: ReportTargetType;
  targetId: number;
  status: ReportStatus;
  /** Distinct reporters. */
  reporterCount: number;
  reportCount: number;
  firstReportedAt: Date;
  lastReportedAt: Date;
  reports: Report[];
}

interface GroupRow {
  targetType: ReportTargetType;
  targetId: number | string;
  reporters: number | string;
  reports: number | string;
  firstAt: Date | string;
  lastAt: Date | string;
}

/** Aggregates come back as Date on MySQL and as the stored UTC text on SQLite. */
const toDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(`${v.replace(" ", "T")}${/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? "" : "Z"}`));

const REPORTERS = "COUNT(DISTINCT r.reporterId)";
const FIRST_AT = "MIN(r.createdAt)";

/**
 * MODERATOR: reports grouped by target, most distinct reporters first, then the oldest report.
 * One query for the page of groups (GROUP BY targetType, targetId with a keyset on the aggregates
 * in HAVING), one for all reports of those groups; targets and users come from loaders.
 */
export async function listReportQueue(ctx: ServiceContext, args: ReportQueueArgs): Promise<{ page: Page<ReportGroup>; count: () => Promise<number> }> {
  const window = pageWindow(args, 4);
  const status = args.status ?? ReportStatus.OPEN;
  const base = ctx.ds.getRepository(Report).createQueryBuilder("r").where("r.status = :status", { status });
  if (args.category) base.andWhere("r.category = :category", { category: args.category });
  const groups = base
    .clone()
    .select("r.targetType", "targetType")
    .addSelect("r.targetId", "targetId")
    .addSelect(REPORTERS, "reporters")
    .addSelect("COUNT(*)", "reports")
    .addSelect(FIRST_AT, "firstAt")
    .addSelect("MAX(r.createdAt)", "lastAt")
    .groupBy("r.targetType")
    .addGroupBy("r.targetId")
    .orderBy(REPORTERS, "DESC")
    .addOrderBy(FIRST_AT, "ASC")
    .addOrderBy("r.targetType", "ASC")
    .addOrderBy("r.targetId", "ASC")
    .limit(window.limit + 1);
  if (window.after) {
    const [c, first, type, id] = window.after;
    if (typeof c !== "number" || typeof first !== "number" || typeof type !== "string" || typeof id !== "number") throw badField("after", "is not a cursor of this list", "INVALID_CURSOR");
    const same = `${REPORTERS} = :kc`;
    groups.having(
      `(${REPORTERS} < :kc OR (${same} AND ${FIRST_AT} > :kf) OR (${same} AND ${FIRST_AT} = :kf AND r.targetType > :kt) OR (${same} AND ${FIRST_AT} = :kf AND r.targetType = :kt AND r.targetId > :ki))`,
      { kc: c, kf: new Date(first), kt: type, ki: id },
    );
  }
  const rows = (await groups.getRawMany<GroupRow>()).map(
    (g): ReportGroup => ({
      targetType: g.targetType,
      targetId: Number(g.targetId),
      status,
      reporterCount: Number(g.reporters),
      reportCount: Number(g.reports),
      firstReportedAt: toDate(g.firstAt),
      lastReportedAt: toDate(g.lastAt),
      reports: [],
    }),
  );
  const page = toPage(rows, window, (g) => [g.reporterCount, g.firstReportedAt.getTime(), g.targetType, g.targetId]);
  await attachReports(ctx, base.clone(), page.nodes);
  const count = async () => {
    const sub = base.clone().select("r.targetType", "t").addSelect("r.targetId", "i").groupBy("r.targetType").addGroupBy("r.targetId");
    const raw = await ctx.ds.createQueryBuilder().select("COUNT(*)", "n").from(`(${sub.getQuery()})`, "g").setParameters(sub.getParameters()).getRawOne<{ n: number | string }>();
    return Number(raw?.n ?? 0);
  };
  return { page, count };
}

/** All reports of the page's groups in ONE query, oldest first, put on their group. */
async function attachReports(ctx: ServiceContext, qb: SelectQueryBuilder<Report>, groups: ReportGroup[]): Promise<void> {
  if (groups.length === 0) return;
  const byType = new Map<string, number[]>();
  for (const g of groups) byType.set(g.targetType, [...(byType.get(g.targetType) ?? []), g.targetId]);
  const params: Record<string, unknown> = {};
  qb.andWhere(
    new Brackets((b) => {
      [...byType.entries()].forEach(([type, ids], i) => {
        params[`tt${i}`] = type;
        params[`ti${i}`] = ids;
        b.orWhere(`(r.targetType = :tt${i} AND r.targetId IN (:...ti${i}))`);
      });
    }),
  ).setParameters({ ...qb.getParameters(), ...params });
  const reports = await qb.orderBy("r.createdAt", "ASC").addOrderBy("r.id", "ASC").getMany();
  const index = new Map(groups.map((g) => [`${g.targetType}:${g.targetId}`, g]));
  for (const r of reports) index.get(`${r.targetType}:${r.targetId}`)?.reports.push(r);
}

/** The viewer's own reports, newest first: their status, the decision and the moderator's note. */
export async function listMyReports(ctx: ServiceContext, args: ConnectionArgs): Promise<{ page: Page<Report>; count: () => Promise<number> }> {
  const viewer = requireViewer(ctx);
  const window = pageWindow(args, 2);
  const qb = ctx.ds.getRepository(Report).createQueryBuilder("r").where("r.reporterId = :uid", { uid: viewer.id });
  const countQuery = qb.clone();
  applyKeyset(qb, [{ expr: "r.createdAt", direction: "DESC", fromCursor: (v) => new Date(v as number) }, { expr: "r.id", direction: "DESC" }], window);
  return { page: toPage(await qb.getMany(), window, (r) => [r.createdAt.getTime(), r.id]), count: () => countQuery.getCount() };
}
