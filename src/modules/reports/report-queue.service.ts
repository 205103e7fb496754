import { Brackets, type SelectQueryBuilder } from "typeorm";
import type { AppContext, ServiceContext } from "../../context";
import { badField } from "../../errors";
import { naiveLoaders, primeLoader } from "../../shared/loaders";
import { applyKeyset, pageWindow, toPage, type ConnectionArgs, type Page } from "../../shared/pagination";
import { Article } from "../articles/article.entity";
import { articleById } from "../articles/article.loaders";
import { Comment } from "../comments/comment.entity";
import { commentById } from "../comments/comment.loaders";
import { User } from "../users/user.entity";
import { userById } from "../users/user.loaders";
import { requireViewer } from "../users/user.service";
import { Report } from "./report.entity";
import { ReportStatus, ReportTargetType } from "./report.enums";
import type { ReportQueueArgs } from "./report.inputs";
import { rawManyByShape } from "../../shared/statement-cache";

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
 * in HAVING); then, concurrently, one for all reports of those groups joined with their reporters,
 * and one per target type present on the page (articles with their authors; comments with their
 * authors and articles; users). Each primes the per-request loaders (`userById`, `articleById`,
 * `commentById`) the field resolvers read, so the whole page costs 2 + one statement per target
 * type whatever its size (docs/benchmarks.md, W3).
 */
export async function listReportQueue(ctx: AppContext, args: ReportQueueArgs): Promise<{ page: Page<ReportGroup>; count: () => Promise<number> }> {
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
  const rows = (await rawManyByShape<GroupRow>(groups, `report-groups:${Boolean(args.category)}:${Boolean(window.after)}:${window.limit}`)).map(
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
  await Promise.all([attachReports(ctx, base.clone(), page.nodes), primeTargets(ctx, page.nodes)]);
  const count = async () => {
    const sub = base.clone().select("r.targetType", "t").addSelect("r.targetId", "i").groupBy("r.targetType").addGroupBy("r.targetId");
    const raw = await ctx.ds.createQueryBuilder().select("COUNT(*)", "n").from(`(${sub.getQuery()})`, "g").setParameters(sub.getParameters()).getRawOne<{ n: number | string }>();
    return Number(raw?.n ?? 0);
  };
  return { page, count };
}

/** All reports of the page's groups in ONE query, oldest first, put on their group; reporters joined and primed. */
async function attachReports(ctx: AppContext, qb: SelectQueryBuilder<Report>, groups: ReportGroup[]): Promise<void> {
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
  if (!naiveLoaders) qb.leftJoinAndMapOne("r.reporterRow", User, "ru", "ru.id = r.reporterId");
  const reports = await qb.orderBy("r.createdAt", "ASC").addOrderBy("r.id", "ASC").getMany();
  const reporters: [number, User][] = [];
  for (const r of reports) {
    const holder = r as Report & { reporterRow?: User | null };
    if (holder.reporterRow) reporters.push([holder.reporterRow.id, holder.reporterRow]);
    delete holder.reporterRow;
  }
  primeLoader(ctx.loaders.get(userById), reporters);
  const index = new Map(groups.map((g) => [`${g.targetType}:${g.targetId}`, g]));
  for (const r of reports) index.get(`${r.targetType}:${r.targetId}`)?.reports.push(r);
}

/**
 * The page's targets, one statement per type present, priming the loaders `loadVisibleTarget` and
 * the targets' field resolvers read: articles with their authors, comments with their authors and
 * articles (the visibility check needs the article), users through `userById`. Skipped by the
 * naive benchmark baseline (the resolvers then load per key).
 */
async function primeTargets(ctx: AppContext, groups: ReportGroup[]): Promise<void> {
  if (naiveLoaders || groups.length === 0) return;
  const idsOf = (type: ReportTargetType) => [...new Set(groups.filter((g) => g.targetType === type).map((g) => g.targetId))];
  const users = ctx.loaders.get(userById);
  const articles = ctx.loaders.get(articleById);
  const work: Promise<unknown>[] = [];
  const articleIds = idsOf(ReportTargetType.ARTICLE);
  if (articleIds.length) {
    work.push(
      ctx.ds
        .getRepository(Article)
        .createQueryBuilder("a")
        .leftJoinAndMapOne("a.authorRow", User, "au", "au.id = a.authorId")
        .where("a.id IN (:...ids)", { ids: articleIds })
        .getMany()
        .then((rows) => {
          for (const a of rows) {
            const holder = a as Article & { authorRow?: User | null };
            if (holder.authorRow) users.prime(holder.authorRow.id, holder.authorRow);
            delete holder.authorRow;
          }
          primeLoader(articles, byId(articleIds, rows));
        }),
    );
  }
  const commentIds = idsOf(ReportTargetType.COMMENT);
  if (commentIds.length) {
    work.push(
      ctx.ds
        .getRepository(Comment)
        .createQueryBuilder("c")
        .leftJoinAndMapOne("c.authorRow", User, "cu", "cu.id = c.authorId")
        .leftJoinAndMapOne("c.articleRow", Article, "ca", "ca.id = c.articleId")
        .where("c.id IN (:...ids)", { ids: commentIds })
        .getMany()
        .then((rows) => {
          for (const c of rows) {
            const holder = c as Comment & { authorRow?: User | null; articleRow?: Article | null };
            if (holder.authorRow) users.prime(holder.authorRow.id, holder.authorRow);
            if (holder.articleRow) articles.prime(holder.articleRow.id, holder.articleRow);
            delete holder.authorRow;
            delete holder.articleRow;
          }
          primeLoader(ctx.loaders.get(commentById), byId(commentIds, rows));
        }),
    );
  }
  const userIds = idsOf(ReportTargetType.USER);
  if (userIds.length) work.push(users.loadMany(userIds));
  await Promise.all(work);
}

/** Rows by the ids asked for; ids without a row (deleted since) are primed as null. */
function byId<T extends { id: number }>(ids: number[], rows: T[]): [number, T | null][] {
  const found = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => [id, found.get(id) ?? null]);
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
